/**
 * Text in request bodies (notes, names, comments, report text): no control characters but tab, LF and CR.
 * NUL breaks PostgreSQL (and a backup of a SQLite store holding one cannot be restored there); the others are
 * never meant in text. The issue's message is a code the error handler turns into `http.control_char`.
 * @module
 */
import { z } from 'zod'

/** The message of the issue a control character raises (matched by the server's error handler). */
export const CONTROL_CHAR_ISSUE = 'control_char'

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/

/** A request text field of at most `max` characters (and at least `min`), free of control characters. */
export const requestText = (max: number, min = 0) => z.string().min(min).max(max).regex(NO_CONTROL_CHARS, { message: CONTROL_CHAR_ISSUE })
