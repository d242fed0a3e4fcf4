/**
 * Administration in a real Chromium (issue 15): an admin creates a reporter for 南京 with a department, the new
 * user signs in; the admin disables and re-enables it; the user creates an API token (shown once, works with
 * Bearer), revokes it (then 401); the audit page filtered by actor shows each action, and the CSV downloads.
 */
import { readFileSync } from 'node:fs'

import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { browserTestsEnabled, shot, signIn, startDashboard, type Dashboard } from '../helpers/dashboard.js'

const NEW = 'e2e-newuser'

describe.skipIf(!browserTestsEnabled)('administration in the web app', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = await startDashboard()
  }, 60_000)
  afterAll(() => d.close(), 30_000)

  const acceptDialogs = (p: Page) => p.on('dialog', (dlg) => void dlg.accept())

  it('creates, disables and re-enables a user; a token works until revoked; the audit log shows it all', async () => {
    const admin = await d.page()
    acceptDialogs(admin)
    await signIn(admin, d.base, 'admin1')
    await admin.goto(`${d.base}#/users`)
    const form = admin.getByTestId('create-user')
    await form.getByLabel('用户名').fill(NEW)
    await form.getByLabel('姓名').fill('新用户')
    await form.getByLabel('部门').fill('南京市统计局')
    await form.getByLabel('搜索地区').fill('南京')
    await form.getByRole('checkbox', { name: '南京市', exact: true }).check()
    await form.getByLabel('密码', { exact: true }).fill('correct-horse-battery')
    await form.getByRole('button', { name: '创建', exact: true }).click()
    await admin.getByText(`账号 ${NEW} 已创建`).waitFor()
    const row = admin.locator(`tr[data-user="${NEW}"]`)
    await expect(row.textContent()).resolves.toContain('南京市统计局')
    await expect(row.textContent()).resolves.toContain('南京市')
    await shot(admin, 'admin-users')

    const user = await d.page()
    acceptDialogs(user)
    await signIn(user, d.base, NEW)

    await row.getByRole('button', { name: '停用' }).click()
    await admin.getByText(`账号 ${NEW} 已停用`).waitFor()
    await expect(row.textContent()).resolves.toContain('已停用')
    await row.getByRole('button', { name: '启用' }).click()
    await admin.getByText(`账号 ${NEW} 已启用`).waitFor()

    // Disabling ended the session: sign in again (a fresh load: the page still holds the old session), then a token.
    await user.goto('about:blank')
    await signIn(user, d.base, NEW)
    await user.goto(`${d.base}#/account`)
    await user.getByLabel('令牌名称').fill('e2e-token')
    await user.getByRole('button', { name: '创建令牌' }).click()
    const secret = (await user.getByTestId('secret').textContent()) ?? ''
    expect(secret.length).toBeGreaterThan(20)
    await shot(user, 'admin-account-token')
    const me = await fetch(`${d.origin}/api/session`, { headers: { authorization: `Bearer ${secret}` } })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(NEW)
    await user.getByRole('button', { name: '我已保存' }).click()
    await expect(user.locator('body').textContent()).resolves.not.toContain(secret)
    await user.getByRole('button', { name: '吊销 e2e-token' }).click()
    await user.getByText('令牌“e2e-token”已吊销').waitFor()
    expect((await fetch(`${d.origin}/api/session`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401)

    await admin.goto(`${d.base}#/audit`)
    await admin.getByLabel('操作人（用户名）').fill('admin1')
    await admin.getByRole('button', { name: '筛选' }).click()
    const table = admin.getByTestId('audit-table')
    await table.getByText('停用账号').waitFor()
    const adminText = (await table.textContent()) ?? ''
    for (const a of ['新建账号', '停用账号', '启用账号']) expect(adminText).toContain(a)
    await shot(admin, 'admin-audit')
    await admin.getByLabel('操作人（用户名）').fill(NEW)
    await admin.getByRole('button', { name: '筛选' }).click()
    await table.getByText('吊销 API 令牌').waitFor()
    expect(await table.textContent()).toContain('创建 API 令牌')
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('audit-csv').click()])
    const path = await download.path()
    const csv = readFileSync(path)
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const lines = csv.subarray(3).toString('utf8').split('\r\n').filter(Boolean)
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['token.revoke', 'token.create'])
    expect(d.errors).toEqual([])
  }, 120_000)

  it('the three pages fit 390 px without sideways scrolling', async () => {
    const p = await d.page({ width: 390, height: 844, isMobile: true })
    await signIn(p, d.base, 'admin1')
    for (const route of ['users', 'account', 'audit']) {
      await p.goto(`${d.base}#/${route}`)
      await p.locator('h3, [data-testid="audit-table"]').first().waitFor()
      const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
      expect(overflow, route).toBeLessThanOrEqual(0)
      await shot(p, `admin-390-${route}`)
    }
  }, 60_000)
})
