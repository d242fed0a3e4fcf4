/**
 * Validated observations packed into a few typed arrays and two strings, to cross from the parsing thread to
 * the writing one. Structured-cloning 10,000 observation objects costs about 5 µs a row (as much as writing
 * them); packed, the typed arrays are transferred and the receiver rebuilds the objects in a fraction of that.
 * Names repeat (a few hundred indicators, regions, sources), so they travel once, in a dictionary that grows
 * batch by batch: the decoder must see every batch of its encoder, in order.
 * @module
 */
import { CONFIDENCES, type Confidence } from '../core/source-grade.js'
import type { Location } from '../core/problem.js'
import type { CandidateObservation } from './observation.js'

export interface ObservationBatch {
  /** Dictionary entries new since the previous batch. */
  readonly strings: string[]
  /** FIELDS numbers per row (see below). */
  readonly ids: Uint32Array
  readonly values: Float64Array
  /** Every row's value text then its raw cell, back to back; their lengths in `textLengths`. */
  readonly texts: string
  readonly textLengths: Uint32Array
}

// Per row: dictionary ids, the year and the row number. Optional fields store id + 1, so 0 means absent (note
// null, no confidence, no sheet). A location holds file, sheet, row and column only (what the readers write).
const [INDICATOR, REGION, PERIOD, YEAR, UNIT, SOURCE, NOTE, CONFIDENCE, FILE, SHEET, ROW, COLUMN] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const
const FIELDS = 12

export class ObservationBatchEncoder {
  readonly #ids = new Map<string, number>()
  #fresh: string[] = []

  #id(s: string): number {
    let id = this.#ids.get(s)
    if (id === undefined) {
      id = this.#ids.size
      this.#ids.set(s, id)
      this.#fresh.push(s)
    }
    return id
  }

  encode(rows: ReadonlyArray<CandidateObservation>): ObservationBatch {
    const n = rows.length
    const ids = new Uint32Array(n * FIELDS)
    const values = new Float64Array(n)
    const textLengths = new Uint32Array(n * 2)
    const texts: string[] = []
    for (let i = 0; i < n; i++) {
      const o = rows[i] as CandidateObservation
      const at = i * FIELDS
      ids[at + INDICATOR] = this.#id(o.indicator)
      ids[at + REGION] = this.#id(o.region)
      ids[at + PERIOD] = this.#id(o.period)
      ids[at + YEAR] = o.year
      ids[at + UNIT] = this.#id(o.unit)
      ids[at + SOURCE] = this.#id(o.source)
      ids[at + NOTE] = o.note === null ? 0 : this.#id(o.note) + 1
      ids[at + CONFIDENCE] = o.confidence ? CONFIDENCES.indexOf(o.confidence) + 1 : 0
      const loc = o.location
      ids[at + FILE] = loc.file === undefined ? 0 : this.#id(loc.file) + 1
      ids[at + SHEET] = loc.sheet === undefined ? 0 : this.#id(loc.sheet) + 1
      ids[at + ROW] = loc.row ?? 0
      ids[at + COLUMN] = loc.column === undefined ? 0 : this.#id(loc.column) + 1
      values[i] = o.value
      textLengths[2 * i] = o.valueText.length
      textLengths[2 * i + 1] = o.raw.length
      texts.push(o.valueText, o.raw)
    }
    const strings = this.#fresh
    this.#fresh = []
    return { strings, ids, values, texts: texts.join(''), textLengths }
  }
}

/** The buffers a batch can hand over instead of copying. */
export const transferablesOf = (b: ObservationBatch): ArrayBuffer[] => [b.ids.buffer as ArrayBuffer, b.values.buffer as ArrayBuffer, b.textLengths.buffer as ArrayBuffer]

export class ObservationBatchDecoder {
  readonly #strings: string[] = []

  decode(b: ObservationBatch): CandidateObservation[] {
    for (const s of b.strings) this.#strings.push(s)
    const str = this.#strings
    const name = (id: number) => str[id] as string
    const optional = (id: number) => (id === 0 ? undefined : (str[id - 1] as string))
    const n = b.values.length
    const out: CandidateObservation[] = new Array<CandidateObservation>(n)
    let offset = 0
    for (let i = 0; i < n; i++) {
      const at = i * FIELDS
      const ids = b.ids
      const textLength = b.textLengths[2 * i] as number
      const rawLength = b.textLengths[2 * i + 1] as number
      const valueText = b.texts.slice(offset, offset + textLength)
      const raw = b.texts.slice(offset + textLength, offset + textLength + rawLength)
      offset += textLength + rawLength
      const confidence = ids[at + CONFIDENCE] as number
      out[i] = {
        indicator: name(ids[at + INDICATOR] as number),
        region: name(ids[at + REGION] as number),
        period: name(ids[at + PERIOD] as number),
        year: ids[at + YEAR] as number,
        value: b.values[i] as number,
        valueText,
        unit: name(ids[at + UNIT] as number),
        raw,
        source: name(ids[at + SOURCE] as number),
        note: optional(ids[at + NOTE] as number) ?? null,
        ...(confidence > 0 ? { confidence: CONFIDENCES[confidence - 1] as Confidence } : {}),
        location: locationOf(optional(ids[at + FILE] as number), optional(ids[at + SHEET] as number), ids[at + ROW] as number, optional(ids[at + COLUMN] as number)),
      }
    }
    return out
  }
}

/** The keys in the order the long-layout reader writes them: the revision's origin is this object as JSON. */
function locationOf(file: string | undefined, sheet: string | undefined, row: number, column: string | undefined): Location {
  // A CSV cell's location, the one that comes millions of times, without the spreads.
  if (file !== undefined && sheet === undefined && row > 0 && column !== undefined) return { file, row, column }
  return {
    ...(file !== undefined ? { file } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
    ...(row > 0 ? { row } : {}),
    ...(column !== undefined ? { column } : {}),
  }
}
