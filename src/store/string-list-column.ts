/**
 * Columns that hold a JSON array of strings (a task's departments, regions, indicators, targets; an account's
 * regions): written with JSON.stringify, read back through a schema so a damaged value fails here, at the store's
 * edge, and not somewhere downstream.
 * @module
 */
import { z } from 'zod'

const stringList = z.array(z.string())

export function readStringList(text: string): string[] {
  return stringList.parse(JSON.parse(text))
}

export function writeStringList(list: ReadonlyArray<string>): string {
  return JSON.stringify(list)
}
