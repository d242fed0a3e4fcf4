import type { ErrorCode, ErrorParams } from '../core/errors.js'

/** One message function per code, each receiving that code's params: a missing message does not compile. */
export type Messages = { readonly [C in ErrorCode]: (p: ErrorParams<C>) => string }
export type Lang = 'zh' | 'en'
