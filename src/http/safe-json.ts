/**
 * JSON with <, >, & and the JavaScript line separators escaped: a value echoed back (a note, a name in an error
 * message) can never become markup, even if some client renders a response as HTML.
 */
export function safeJson(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
