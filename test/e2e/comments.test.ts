/**
 * A value's comment thread in a real Chromium: the reviewer opens a queued value's history, writes in its thread and
 * flags it for follow-up; the queue row then shows ⚑ and the message count, and the follow-up filter finds it; the
 * reporter sees ⚑ on the grid cell, reads the thread from the cell's history and answers; a viewer reads but cannot
 * write. docs/images/web-comments.png is replaced only when URBMON_README_SHOTS is set.
 */
import { copyFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, NANJING_REPORTER, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'

describe.skipIf(!browserTestsEnabled)('comment threads', () => {
  let d: Dashboard
  let id = 0
  beforeAll(async () => {
    d = await startDashboard()
    const put = await d.admin.req('PUT', '/api/observations/gdp/320100/2029', { value: 19000, note: '快报数' })
    expect(put.statusCode, put.body).toBe(200)
    id = put.json<{ id: number }>().id
    expect((await d.admin.req('POST', '/api/review/submit', { ids: [id] })).statusCode).toBe(200)
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  it('reviewer writes and flags, the queue and the grid show it, the reporter answers, a viewer only reads', async () => {
    const { base } = d
    const rev = await d.page()
    await signIn(rev, base, 'reviewer1')
    await rev.goto(`${base}#/review?year=2029`)
    const row = rev.getByTestId('queue').locator('tbody tr', { hasText: '地区生产总值 · 2029' })
    await row.getByRole('button', { name: /历史/ }).click()
    const dialog = rev.getByTestId('history')
    const thread = dialog.getByTestId('comment-thread')
    await expect.poll(() => thread.innerText()).toContain('还没有留言')
    // A blank message is refused in the page, before the server.
    await thread.getByRole('button', { name: '发送留言' }).click()
    await expect.poll(() => thread.innerText()).toContain('请先写下留言内容')
    await thread.getByLabel('留言', { exact: true }).fill('快报数与年鉴口径不同，请在备注中写明口径。')
    await thread.getByRole('button', { name: '发送留言' }).click()
    await expect.poll(() => thread.getByTestId('thread-item').count()).toBe(1)
    await thread.getByRole('button', { name: '标记需跟进' }).click()
    await thread.getByTestId('follow-up-badge').waitFor()
    expect(await thread.innerText()).toContain('针对 v2') // the submit made version 2
    await dialog.getByRole('button', { name: '关闭' }).click()

    await expect.poll(() => row.getByTestId('queue-follow-up').count()).toBe(1)
    expect(await row.getByTestId('queue-comments').innerText()).toContain('1 条留言')
    await rev.goto(`${base}#/review?year=2029&flag=follow_up`)
    await expect.poll(() => rev.getByTestId('queue').locator('tbody tr').count()).toBe(1)

    // The reporter: ⚑ on the cell; its history holds the thread; the answer goes in.
    const rep = await d.page()
    await signIn(rep, base, NANJING_REPORTER)
    await rep.goto(`${base}#/data?indicator=gdp&region=320100&year=2029`)
    const grid = rep.getByTestId('entry-grid')
    await grid.getByTestId('grid').waitFor()
    const label = '南京市 · 地区生产总值 · 2029'
    const cell = grid.locator('td.cell', { has: rep.getByLabel(label, { exact: true }) })
    await expect.poll(() => cell.getByTestId('cell-thread-mark').innerText()).toBe('⚑')
    await grid.getByLabel(label, { exact: true }).focus()
    await expect.poll(() => grid.getByTestId('grid-thread').innerText()).toContain('审核员标记需跟进')
    await grid.getByTestId('grid-history').click()
    const repThread = rep.getByTestId('history').getByTestId('comment-thread')
    await expect.poll(() => repThread.innerText()).toContain('快报数与年鉴口径不同')
    // Reporters may answer, not flag.
    expect(await repThread.getByRole('button', { name: /需跟进/ }).count()).toBe(0)
    await repThread.getByLabel('留言', { exact: true }).fill('已在备注中注明：快报口径，年鉴发布后更新。')
    await repThread.getByRole('button', { name: '发送留言' }).click()
    // The reviewer's message, the flag, and now the answer.
    await expect.poll(() => repThread.getByTestId('thread-item').count()).toBe(3)
    expect(await repThread.getByTestId('thread-item').last().innerText()).toContain('已在备注中注明')
    await shot(rep, 'web-comments', false)
    if (process.env.URBMON_README_SHOTS) copyFileSync('/tmp/urbmon-e2e/web-comments.png', fileURLToPath(new URL('../../docs/images/web-comments.png', import.meta.url)))

    // A viewer reads the thread, without a form.
    const view = await d.page()
    await signIn(view, base, 'viewer1')
    await view.goto(`${base}#/review?year=2029`)
    await view.getByTestId('queue').locator('tbody tr', { hasText: '地区生产总值 · 2029' }).getByRole('button', { name: /历史/ }).click()
    const viewThread = view.getByTestId('history').getByTestId('comment-thread')
    await expect.poll(() => viewThread.getByTestId('thread-item').count()).toBe(3)
    expect(await viewThread.locator('textarea').count()).toBe(0)
    expect(await viewThread.innerText()).toContain('只读账户可以查看留言')

    expect(d.errors).toEqual([])
  })
})
