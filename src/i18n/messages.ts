import type { ErrorCode, ErrorParams } from '../core/errors.js'

export type Messages = Record<ErrorCode, (p: ErrorParams) => string>
export type Lang = 'zh' | 'en'
