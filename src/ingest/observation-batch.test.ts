import { describe, expect, it } from 'vitest'

import { ObservationBatchDecoder, ObservationBatchEncoder, transferablesOf } from './observation-batch.js'
import type { CandidateObservation } from './observation.js'

const cell = (row: number, extra: Partial<CandidateObservation> = {}): CandidateObservation => ({
  indicator: 'resident_pop',
  region: '320100',
  period: '2021',
  year: 2021,
  value: 942.34,
  valueText: '942.34',
  unit: '万人',
  raw: '942.34',
  source: '南京统计年鉴',
  note: null,
  location: { file: 'big.csv', row, column: 'D' },
  ...extra,
})

describe('observation batches', () => {
  it('give back the same observations, key for key (the location in its order: it is stored as JSON)', () => {
    const encoder = new ObservationBatchEncoder()
    const decoder = new ObservationBatchDecoder()
    const first = [
      cell(2),
      cell(3, { note: '初步数', confidence: 'low', value: -0, valueText: '0', raw: '-0 亿元' }),
      cell(4, { location: { file: 'book.xlsx', sheet: '表3-6', row: 4, column: 'F' } }),
      cell(5, { location: {}, raw: '', valueText: '1.5e3', value: 1500, confidence: 'high' }),
    ]
    // The second batch's names come from the first one's dictionary, except a new source.
    const second = [cell(6, { source: 'another source', region: '320200', note: '' }), cell(7)]
    for (const rows of [first, second]) {
      const batch = structuredClone(encoder.encode(rows), { transfer: [] })
      const decoded = decoder.decode(batch)
      expect(decoded).toEqual(rows)
      expect(decoded.map((o) => JSON.stringify(o.location))).toEqual(rows.map((o) => JSON.stringify(o.location)))
      expect(decoded.map((o) => Object.is(o.value, -0))).toEqual(rows.map((o) => Object.is(o.value, -0)))
    }
  })

  it('hand their typed arrays over rather than copy them', () => {
    const batch = new ObservationBatchEncoder().encode([cell(2), cell(3)])
    const moved = structuredClone(batch, { transfer: transferablesOf(batch) })
    expect(batch.values.length).toBe(0) // detached here
    expect(new ObservationBatchDecoder().decode(moved)).toHaveLength(2)
  })
})
