/**
 * The workplace's own navigation, under the page heading of every signed-in page: what this role can do.
 * @module
 */
import type { SessionUser } from '../api'
import { defineMessages } from '../i18n'

type Role = SessionUser['role']

const useWords = defineMessages(
  {
    nav: '工作台',
    data: '数据填报',
    inbox: '待办',
    requests: '数据征集',
    review: '审核',
    completeness: '完整性与及时性',
    tasks: '任务',
    inspections: '专项督查',
    rounds: '评估轮次',
    guide: '填报指南',
    imports: '导入记录',
    users: '用户管理',
    account: '我的账号',
    audit: '审计日志',
    plan: '规划与地区',
  },
  {
    nav: 'Workplace',
    data: 'Data entry',
    inbox: 'To do',
    requests: 'Data requests',
    review: 'Review',
    completeness: 'Completeness',
    tasks: 'Tasks',
    inspections: 'Inspections',
    rounds: 'Evaluation rounds',
    guide: 'Reporting guide',
    imports: 'Import history',
    users: 'Users',
    account: 'My account',
    audit: 'Audit log',
    plan: 'Plan and regions',
  },
)

type Item = { path: string; word: Parameters<ReturnType<typeof useWords>>[0]; roles: ReadonlyArray<Role> }

const ALL: ReadonlyArray<Role> = ['admin', 'reviewer', 'reporter', 'viewer']
/** Pages that show values before publication, or who loaded what: not for read-only viewers. */
const WORKERS: ReadonlyArray<Role> = ['admin', 'reviewer', 'reporter']

/** In the order of the work: enter, see what is asked, review, follow up, administer. */
export const WORK_ITEMS: ReadonlyArray<Item> = [
  { path: '/inbox', word: 'inbox', roles: ['reporter', 'admin'] },
  { path: '/data', word: 'data', roles: ['reporter', 'admin'] },
  { path: '/requests', word: 'requests', roles: WORKERS },
  { path: '/review', word: 'review', roles: ['reviewer', 'admin', 'viewer'] },
  { path: '/completeness', word: 'completeness', roles: WORKERS },
  { path: '/tasks', word: 'tasks', roles: ALL },
  { path: '/inspections', word: 'inspections', roles: ALL },
  { path: '/rounds', word: 'rounds', roles: [...ALL, 'evaluator'] },
  { path: '/imports', word: 'imports', roles: WORKERS },
  { path: '/guide', word: 'guide', roles: ALL },
  { path: '/audit', word: 'audit', roles: ['reviewer', 'admin'] },
  { path: '/users', word: 'users', roles: ['admin'] },
  { path: '/plan-admin', word: 'plan', roles: ALL },
  { path: '/account', word: 'account', roles: [...ALL, 'evaluator'] },
]

export function WorkNav({ user }: { user: SessionUser }) {
  const w = useWords()
  const here = (location.hash.replace(/^#/, '') || '/').split('?')[0] ?? '/'
  return (
    <nav className="worknav" aria-label={w('nav')}>
      <ul>
        {WORK_ITEMS.filter((i) => i.roles.includes(user.role)).map((i) => (
          <li key={i.path}>
            <a href={`#${i.path}`} aria-current={here === i.path || here.startsWith(`${i.path}/`) ? 'page' : undefined}>
              {w(i.word)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
