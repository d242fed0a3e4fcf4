import { describe, expect, it } from 'vitest'

import { at, float64At, got, int32At, uint16At, uint8At } from './checked.js'

describe('checked reads', () => {
  it('return the element or entry that is there', () => {
    expect(at(['a', 'b'], 1, 'letters')).toBe('b')
    expect(int32At(Int32Array.of(-1, 7), 1, 'ints')).toBe(7)
    expect(float64At(Float64Array.of(NaN, 2.5), 1, 'floats')).toBe(2.5)
    expect(Number.isNaN(float64At(Float64Array.of(NaN), 0, 'floats'))).toBe(true)
    expect(uint16At(Uint16Array.of(65535), 0, 'shorts')).toBe(65535)
    expect(uint8At(Uint8Array.of(0), 0, 'bytes')).toBe(0)
    expect(got(new Map([['k', 0]]), 'k', 'map')).toBe(0)
  })

  it('throw naming what was read and the key when it is not', () => {
    expect(() => at(['a'], 1, 'letters')).toThrow('invariant broken: letters has no entry 1')
    expect(() => at([undefined], 0, 'slots')).toThrow('slots has no entry 0')
    expect(() => int32At(new Int32Array(2), -1, 'cell start')).toThrow('cell start has no entry -1')
    expect(() => float64At(new Float64Array(0), 0, 'cell value')).toThrow('cell value has no entry 0')
    expect(() => uint16At(new Uint16Array(1), 1, 'year column')).toThrow('year column has no entry 1')
    expect(() => uint8At(new Uint8Array(1), 2, 'cell origin')).toThrow('cell origin has no entry 2')
    expect(() => got(new Map<string, number>(), 'x', 'indicator index')).toThrow('indicator index has no entry x')
  })
})
