/** urbmon user add|list|disable|enable|set-role|reset-password|token|tokens|revoke-token — accounts from the command line. */
import type { Command } from 'commander'

import { generatePassword } from '../../app/passwords.js'
import type { ROLES, UserService } from '../../app/users.js'
import type { CliIO } from '../io.js'
import { cliUser } from '../io.js'
import { run, usageError } from '../run.js'
import { renderTable } from '../text-table.js'

/** A password from standard input (first line), or a generated one that is printed once. */
export async function passwordFrom(io: CliIO, fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) {
    const text = (await io.readStdin?.()) ?? ''
    const password = text.split(/\r?\n/)[0] ?? ''
    if (password.length < 10) throw usageError({ reason: 'password_short', min: 10 })
    return { password, generated: false }
  }
  return { password: generatePassword(), generated: true }
}

// Spelled out rather than imported from app/users.js, so that `urbmon --help` does not load zod; the Record keeps it complete.
const ROLE_CHOICES = Object.keys({ admin: 0, reviewer: 0, reporter: 0, viewer: 0, evaluator: 0 } satisfies Record<(typeof ROLES)[number], 0>) as Array<(typeof ROLES)[number]>

export function registerUsers(program: Command, io: CliIO, exit: { code: number }): void {
  const user = program.command('user').description('账号管理 · accounts')
  const withUsers = <T>(cmd: Command, fn: (users: UserService, lang: 'zh' | 'en') => Promise<T>) =>
    run(io, exit, cmd, async (g) => {
      const [{ openContext }, { UserService }] = await Promise.all([import('../../app/context.js'), import('../../app/users.js')])
      const ctx = await openContext(g.target)
      try {
        await fn(new UserService(ctx, ctx.regions), g.lang)
        return 0
      } finally {
        await ctx.close()
      }
    })

  user
    .command('add')
    .argument('<username>')
    .requiredOption('--role <role>', ROLE_CHOICES.join('|'))
    .option('--regions <codes>', 'comma-separated region codes or names a reporter may write')
    .option('--name <display>', 'display name')
    .option('--department <name>', 'department (for task reporting)')
    .option('--password-stdin', 'read the password from standard input (else one is generated and printed once)')
    .action((username: string, opts: { role: string; regions?: string; name?: string; department?: string; passwordStdin?: boolean }, cmd: Command) =>
      withUsers(cmd, async (users, lang) => {
        if (!ROLE_CHOICES.includes(opts.role as (typeof ROLES)[number])) throw usageError({ option: '--role', value: String(opts.role) })
        const { password, generated } = await passwordFrom(io, opts.passwordStdin === true)
        const regions = (opts.regions ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
        const u = await users.create(
          {
            username,
            password,
            role: opts.role as (typeof ROLES)[number],
            regions,
            ...(opts.name ? { displayName: opts.name } : {}),
            ...(opts.department ? { department: opts.department } : {}),
          },
          cliUser(io.env),
          io.now().toISOString(),
          'cli',
        )
        io.out(lang === 'zh' ? `已创建用户 ${u.username}（${u.role}）` : `Created user ${u.username} (${u.role})`)
        if (generated) io.out(lang === 'zh' ? `初始密码（只显示这一次）：${password}` : `Initial password (shown once): ${password}`)
      }),
    )

  user
    .command('list')
    .option('--json', 'JSON')
    .action((opts: { json?: boolean }, cmd: Command) =>
      withUsers(cmd, async (users, lang) => {
        const list = await users.list()
        io.out(
          opts.json
            ? JSON.stringify(list, null, 2)
            : renderTable(
                ['username', 'role', 'regions', 'department', 'disabled'],
                list.map((u) => [u.username, u.role, u.regions.join(','), u.department ?? '', u.disabled ? 'yes' : '']),
              ),
        )
        // Stores from before user names ignored case may hold both: say so until an admin resolves it.
        for (const group of await users.caseClashes()) {
          io.err(
            lang === 'zh'
              ? `注意：用户名 ${group.join('、')} 仅大小写不同；请停用其中多余的账号`
              : `Note: user names ${group.join(', ')} differ only in case; disable the ones that should not exist`,
          )
        }
      }),
    )

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(name)
      .argument('<username>')
      .action((username: string, _o: unknown, cmd: Command) =>
        withUsers(cmd, async (users, lang) => {
          await users.setDisabled(username, disabled, cliUser(io.env), io.now().toISOString(), 'cli')
          io.out(lang === 'zh' ? `已${disabled ? '停用' : '启用'} ${username}` : `${disabled ? 'Disabled' : 'Enabled'} ${username}`)
        }),
      )
  }

  user
    .command('set-role')
    .argument('<username>')
    .requiredOption('--role <role>', ROLE_CHOICES.join('|'))
    .action((username: string, opts: { role: string }, cmd: Command) =>
      withUsers(cmd, async (users, lang) => {
        if (!ROLE_CHOICES.includes(opts.role as (typeof ROLES)[number])) throw usageError({ option: '--role', value: String(opts.role) })
        await users.setRole(username, opts.role as (typeof ROLES)[number], cliUser(io.env), io.now().toISOString(), 'cli')
        io.out(lang === 'zh' ? `已将 ${username} 的角色改为 ${opts.role}` : `${username} is now ${opts.role}`)
      }),
    )

  user
    .command('reset-password')
    .argument('<username>')
    .option('--password-stdin', 'read the new password from standard input (else one is generated and printed once)')
    .action((username: string, opts: { passwordStdin?: boolean }, cmd: Command) =>
      withUsers(cmd, async (users, lang) => {
        const { password, generated } = await passwordFrom(io, opts.passwordStdin === true)
        await users.resetPassword(username, password, cliUser(io.env), io.now().toISOString(), 'cli')
        io.out(lang === 'zh' ? `已重置 ${username} 的密码，其现有会话和 API 令牌均已失效` : `Reset the password of ${username}; its sessions were ended and its API tokens revoked`)
        if (generated) io.out(lang === 'zh' ? `新密码（只显示这一次）：${password}` : `New password (shown once): ${password}`)
      }),
    )

  user
    .command('token')
    .argument('<username>')
    .requiredOption('--name <name>', 'what the token is for')
    .action((username: string, opts: { name: string }, cmd: Command) =>
      withUsers(cmd, async (users, lang) => {
        const token = await users.createToken(username, opts.name, io.now().toISOString(), cliUser(io.env), 'cli')
        io.out(lang === 'zh' ? `API 令牌（只显示这一次）：${token}` : `API token (shown once): ${token}`)
      }),
    )

  user
    .command('tokens')
    .argument('<username>')
    .option('--json', 'JSON')
    .action((username: string, opts: { json?: boolean }, cmd: Command) =>
      withUsers(cmd, async (users) => {
        const list = await users.tokens(username)
        io.out(
          opts.json
            ? JSON.stringify(list, null, 2)
            : renderTable(
                ['id', 'name', 'created', 'last used', 'revoked'],
                list.map((t) => [String(t.id), t.name, t.createdAt, t.lastUsedAt ?? '', t.revokedAt ?? '']),
              ),
        )
      }),
    )

  user
    .command('revoke-token')
    .argument('<username>')
    .argument('<id>', 'the token id (urbmon user tokens <username>)')
    .action((username: string, id: string, _o: unknown, cmd: Command) =>
      withUsers(cmd, async (users, lang) => {
        const tokenId = Number(id)
        if (!Number.isInteger(tokenId) || tokenId <= 0) throw usageError({ option: '<id>', value: id })
        await users.revokeToken(username, tokenId, cliUser(io.env), io.now().toISOString(), 'cli')
        io.out(lang === 'zh' ? `已吊销 ${username} 的 API 令牌 ${tokenId}` : `Revoked API token ${tokenId} of ${username}`)
      }),
    )
}
