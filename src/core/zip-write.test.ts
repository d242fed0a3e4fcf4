import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'

import { readZipDirectory, unzipEntry } from './zip.js'
import { writeZip } from './zip-write.js'

describe('writeZip', () => {
  const text = '指标代码,数值\r\n'.repeat(200)
  const tiny = 'a'
  const at = new Date('2026-03-04T05:06:08Z')
  const bytes = writeZip(
    [
      { name: 'data/城镇化率.csv', data: Buffer.from(text) },
      { name: 'README.txt', data: Buffer.from(tiny) },
    ],
    at,
  )

  it('opens in an independent reader with UTF-8 names, contents and dates', async () => {
    const zip = await JSZip.loadAsync(bytes)
    expect(Object.keys(zip.files)).toEqual(['data/城镇化率.csv', 'README.txt'])
    expect(await zip.file('data/城镇化率.csv')!.async('string')).toBe(text)
    expect(await zip.file('README.txt')!.async('string')).toBe(tiny)
    // DOS times keep even seconds: 05:06:08 UTC as written.
    expect(zip.file('README.txt')!.date.toISOString()).toBe('2026-03-04T05:06:08.000Z')
  })

  it('deflates what shrinks and stores what does not, as the central directory says', () => {
    const dir = readZipDirectory(bytes, 10)
    expect(dir.ok).toBe(true)
    if (!dir.ok) return
    const [csv, readme] = dir.entries
    expect([csv!.method, csv!.size]).toEqual([8, Buffer.byteLength(text)])
    expect(csv!.compressedSize).toBeLessThan(csv!.size / 10)
    expect([readme!.method, readme!.size, readme!.compressedSize]).toEqual([0, 1, 1])
    expect(Buffer.from(unzipEntry(bytes, csv!, 1 << 20) as Uint8Array).toString()).toBe(text)
  })
})
