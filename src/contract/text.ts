/**
 * Text in request bodies (notes, names, comments, report text): no control characters but tab, LF and CR.
 * NUL breaks PostgreSQL (and a backup of a SQLite store holding one cannot be restored there); the others are
 * never meant in text. The definition is src/core/control-characters.ts (rule `text`). The issue's message is a
 * code the error handler turns into `http.control_char`.
 * @module
 */
import { z } from 'zod'

import { firstControlCharacter } from '../core/control-characters.js'

/** The message of the issue a control character raises (matched by the server's error handler). */
export const CONTROL_CHAR_ISSUE = 'control_char'

/** A request text field of at most `max` characters (and at least `min`), free of control characters. */
export const requestText = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => firstControlCharacter(s, 'text') === -1, { message: CONTROL_CHAR_ISSUE })
