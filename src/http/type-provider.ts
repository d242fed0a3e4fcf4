import type { FastifyTypeProvider } from 'fastify'
import type { $ZodType, output } from 'zod/v4/core'

/** A reply may hand out the domain's read-only arrays and objects: serialising never mutates them. */
export type Immutable<T> = T extends ReadonlyArray<infer E> ? ReadonlyArray<Immutable<E>> : T extends object ? { readonly [K in keyof T]: Immutable<T[K]> } : T

/** fastify-type-provider-zod's provider, with read-only reply types. */
export interface ContractTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends $ZodType ? output<this['schema']> : unknown
  serializer: this['schema'] extends $ZodType ? Immutable<output<this['schema']>> : unknown
}
