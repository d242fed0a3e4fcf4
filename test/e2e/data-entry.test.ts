/**
 * A reporter's entry grid in a real Chromium: a wrong cell is named and blocks the whole save, an out-of-range
 * value is caught with its range and unit, the keyboard moves between cells, the fix saves, a second revision and
 * the cell's history (both revisions, newest first, by whom and how), a conflicting edit by someone else (409) and
 * the reporter's choice, and a value's history from the indicator page. Colour contrast is checked on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, focused, lowContrast, NANJING_REPORTER, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('data entry', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('checks the grid cell by cell, saves the fix, keeps the history and resolves a conflict', async () => {
    const { base } = d
    const rep = await d.page()
    await signIn(rep, base, NANJING_REPORTER)

    // The entry grid: 南京 × chapter 一's indicators for 2024. A wrong cell is named and blocks the whole save.
    const grid = rep.getByTestId('entry-grid')
    await grid.getByLabel('年份', { exact: true }).fill('2024')
    await grid.getByTestId('grid').waitFor()
    const rate = grid.getByLabel('南京市 · 常住人口城镇化率 · 2024', { exact: true })
    const hukou = grid.getByLabel('南京市 · 户籍人口城镇化率 · 2024', { exact: true })
    await rate.fill('八十七点六')
    await hukou.fill('79.2')
    const rateNote = grid.locator('td.cell', { has: rep.getByLabel('南京市 · 常住人口城镇化率 · 2024', { exact: true }) }).locator('.cell-note')
    await expect.poll(() => rateNote.innerText()).toContain('南京市 · 常住人口城镇化率 · 2024：“八十七点六” 不是数字')
    expect(await rate.getAttribute('aria-invalid')).toBe('true')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('未保存任何数据')
    // The save moved the focus to the wrong cell; nothing reached the server, not even the valid cell.
    expect(await focused(rep)).toBe('南京市 · 常住人口城镇化率 · 2024')
    const cellValues = async (indicator: string) => {
      const r = await d.admin.req('GET', `/api/observations?indicator=${indicator}&region=320100&year=2024&view=current`)
      return r
        .json<Array<{ value: number; source: string }>>()
        .filter((o) => o.source === 'data-entry')
        .map((o) => o.value)
    }
    expect(await cellValues('urbanization_rate')).toEqual([])
    expect(await cellValues('hukou_urbanization_rate')).toEqual([])
    // Out of range is caught as well, with the range and the unit.
    await rate.fill('187.6')
    await expect.poll(() => rateNote.innerText()).toContain('超出允许范围 0–100 %')
    await shot(rep, '5-data-grid-invalid')
    await rate.fill('87.6')
    await expect.poll(() => rateNote.innerText()).toContain('新填（原无数值）')
    // Keyboard: → at the end of the text moves to the next column (chapter 一 lists the populations behind the rates
    // too, in plan order: 户籍人口 follows 常住人口城镇化率), Enter to the next row (none here: stays).
    await rate.press('End')
    await rate.press('ArrowRight')
    expect(await focused(rep)).toBe('南京市 · 户籍人口 · 2024')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('成功 2 格，失败 0 格，冲突 0 格')
    expect(await cellValues('urbanization_rate')).toEqual([87.6])
    expect(await cellValues('hukou_urbanization_rate')).toEqual([79.2])
    // A second revision of one cell, then its history: both revisions, newest first, by whom and how.
    await rate.fill('87.65')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('成功 1 格')
    await rate.focus()
    await grid.getByTestId('grid-history').click()
    const history = rep.getByTestId('history')
    await history.locator('tbody tr').first().waitFor()
    expect(await history.locator('h3').innerText()).toContain('南京市 · 常住人口城镇化率 · 2024')
    const revisions = await history.locator('tbody tr').allInnerTexts()
    expect(revisions).toHaveLength(2)
    expect(revisions[0]).toContain('v2')
    expect(revisions[0]).toContain('87.65')
    expect(revisions[0]).toContain('原为 87.6')
    expect(revisions[0]).toContain('e2e-nanjing')
    expect(revisions[0]).toContain('网页填报')
    expect(revisions[1]).toContain('v1')
    await shot(rep, '5-data-history', false)
    expect(await lowContrast(rep)).toEqual([])
    await rep.keyboard.press('Escape')
    await history.waitFor({ state: 'detached' })
    await shot(rep, '5-data-grid-saved')
    expect(await lowContrast(rep)).toEqual([])

    // Someone else changes the cell meanwhile: the save is refused (409), their value is shown, the reporter chooses.
    const theirs = await d.admin.req('PUT', '/api/observations/urbanization_rate/320100/2024', { value: 87.7, version: 2 })
    expect(theirs.statusCode, theirs.body).toBe(200)
    await rate.fill('87.66')
    await rep.getByTestId('grid-save').click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('冲突 1 格')
    const conflict = rep.getByTestId('grid-conflicts')
    expect(await conflict.innerText()).toContain('南京市 · 常住人口城镇化率 · 2024：他人（admin1）已改为 87.7（版本 3），您填写的是 87.66')
    expect(await cellValues('urbanization_rate')).toEqual([87.7])
    await shot(rep, '5-data-grid-conflict')
    await conflict.getByRole('button', { name: '保留我的值' }).click()
    await expect.poll(() => rep.getByTestId('grid-summary').innerText()).toContain('成功 1 格')
    expect(await cellValues('urbanization_rate')).toEqual([87.66])
    await expect.poll(() => conflict.count()).toBe(0)

    // Each cell shows where it stands in review: a draft, then submitted; changing a submitted value says that saving
    // withdraws it from review, before it is saved.
    const reopenGrid = async () => {
      await rep.reload()
      await grid.getByLabel('年份', { exact: true }).fill('2024')
      await grid.getByTestId('grid').waitFor()
    }
    await reopenGrid()
    await expect.poll(() => rateNote.innerText()).toBe('✎ 草稿')
    const submitForm = rep.locator('form', { has: rep.getByRole('heading', { name: '提交审核' }) })
    await submitForm.getByLabel('年份', { exact: true }).fill('2024')
    await submitForm.getByRole('button', { name: '预览将提交的数值' }).click()
    await submitForm.getByTestId('submit-preview').getByRole('button', { name: '确认提交' }).click()
    await expect.poll(() => submitForm.locator('.state').innerText()).toMatch(/已提交 \d+ 条/)
    await reopenGrid()
    await expect.poll(() => rateNote.innerText()).toBe('⇧ 已提交')
    await rate.fill('87.67')
    await expect.poll(() => rateNote.innerText()).toContain('保存后撤回审核')
    await rate.fill('87.66')

    // History from the indicator page too: signed-in users open a value's revisions from the table.
    await rep.goto(`${base}#/indicator/urbanization_rate`)
    await rep.getByRole('button', { name: '查看修订历史：南京市 · 常住人口城镇化率 · 2017' }).click()
    const tableHistory = rep.getByTestId('history')
    await tableHistory.locator('tbody tr').first().waitFor()
    // Two sources hold this cell (the yearbook and a secondary article), each with its file and row.
    expect(await tableHistory.locator('tbody tr').count()).toBe(2)
    expect(await tableHistory.innerText()).toContain('jiangsu-published-figures.csv')
    await shot(rep, '10-indicator-history', false)
    await tableHistory.getByRole('button', { name: '关闭' }).click()
    expect(d.errors).toEqual([])
  }, 120_000)
})
