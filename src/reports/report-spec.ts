/**
 * A report as data: what the annual, mid-term and final reports contain, independent of the format that renders
 * it (DOCX for offices that edit it, self-contained HTML for the web). Builders produce a ReportSpec; renderers
 * turn it into bytes.
 * @module
 */

export type Inline = string | { readonly text: string; readonly bold?: boolean; readonly footnote?: string }

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly content: ReadonlyArray<Inline>; readonly style?: 'normal' | 'note' | 'lead' }
  | { readonly kind: 'bullets'; readonly items: ReadonlyArray<ReadonlyArray<Inline>> }
  | {
      readonly kind: 'table'
      readonly caption: string
      readonly columns: ReadonlyArray<{ readonly title: string; readonly align?: 'left' | 'right' | 'center'; readonly width?: number }>
      readonly rows: ReadonlyArray<ReadonlyArray<Inline>>
      /** Row indexes to shade (e.g. by status), with a text label so status is never by colour alone. */
      readonly highlight?: ReadonlyArray<{ readonly row: number; readonly tone: 'good' | 'warn' | 'bad' | 'none' }>
      readonly note?: string
    }
  | {
      readonly kind: 'figure'
      readonly caption: string
      /** SVG markup (HTML embeds it; DOCX gets `png`). */
      readonly svg: string
      /** The same figure rasterised, for DOCX. */
      readonly png?: Uint8Array
      readonly width: number
      readonly height: number
      readonly alt: string
    }
  | { readonly kind: 'pageBreak' }
  | { readonly kind: 'toc' }

export interface ReportSpec {
  readonly lang: 'zh' | 'en'
  readonly title: string
  readonly subtitle?: string
  /** Cover-page lines: issuer, date, data as-of. */
  readonly meta: ReadonlyArray<string>
  readonly blocks: ReadonlyArray<Block>
  /** Numbered source notes the inline footnotes refer to (rendered as footnotes in DOCX, endnotes in HTML). */
  readonly sources?: ReadonlyArray<string>
}
