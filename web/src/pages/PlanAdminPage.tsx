/** 规划与地区 / Plan and regions (issue 15): the plan as loaded (file, version, checksum, counts), the regions tree, the rules. */
import { planLoadedReply, type Region } from '../../../src/contract/index.js'
import { planReply, regionsReply, useApi } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { Workplace } from '../session'
import { Async } from '../ui'

const useWords = defineMessages(
  {
    title: '规划与地区',
    loaded: '已载入的规划',
    id: '规划标识',
    version: '版本',
    file: '文件名',
    sha: 'SHA-256',
    bytes: '大小（字节）',
    download: '下载载入的规划文件',
    counts: '内容',
    indicators: '指标',
    targets: '目标',
    tasks: '任务',
    rules: '一致性规则',
    regions: '地区',
    groupings: '地区组合',
    members: '成员',
    rule: '规则',
    check: '校验式',
    severity: '级别',
    error: '错误',
    warning: '警告',
    none: '无',
  },
  {
    title: 'Plan and regions',
    loaded: 'The plan as loaded',
    id: 'Plan id',
    version: 'Version',
    file: 'File name',
    sha: 'SHA-256',
    bytes: 'Size (bytes)',
    download: 'Download the plan file as loaded',
    counts: 'Contents',
    indicators: 'Indicators',
    targets: 'Targets',
    tasks: 'Tasks',
    rules: 'Consistency rules',
    regions: 'Regions',
    groupings: 'Groupings of regions',
    members: 'Members',
    rule: 'Rule',
    check: 'Check',
    severity: 'Severity',
    error: 'Error',
    warning: 'Warning',
    none: 'None',
  },
)

function Tree({ regions, parent }: { regions: ReadonlyArray<Region>; parent: string | null }) {
  const { pick } = useI18n()
  const kids = regions.filter((r) => r.level !== 'grouping' && r.parent === parent)
  if (kids.length === 0) return null
  return (
    <ul>
      {kids.map((r) => (
        <li key={r.code}>
          {pick(r.name, r.nameEn)} <small>({r.code})</small>
          <Tree regions={regions} parent={r.code} />
        </li>
      ))}
    </ul>
  )
}

function PlanAdmin() {
  const w = useWords()
  const { pick } = useI18n()
  const loaded = useApi('/api/plan/loaded', planLoadedReply)
  const plan = useApi('/api/plan', planReply)
  const regions = useApi('/api/regions', regionsReply)
  return (
    <>
      <section>
        <h2>{w('loaded')}</h2>
        <Async state={loaded}>
          {(f) => (
            <>
              <dl>
                <dt>{w('id')}</dt>
                <dd>{f.id}</dd>
                <dt>{w('version')}</dt>
                <dd>{f.version}</dd>
                <dt>{w('file')}</dt>
                <dd>{f.fileName}</dd>
                <dt>{w('sha')}</dt>
                <dd style={{ overflowWrap: 'anywhere' }}>{f.sha256}</dd>
                <dt>{w('bytes')}</dt>
                <dd>{f.bytes}</dd>
              </dl>
              <p>
                <a href="/api/plan/file" download data-testid="plan-download">
                  {w('download')}
                </a>
              </p>
            </>
          )}
        </Async>
      </section>
      <Async state={plan}>
        {(p) => (
          <>
            <section>
              <h2>{w('counts')}</h2>
              <ul data-testid="plan-counts">
                <li>
                  {w('indicators')}: {p.indicators.length}
                </li>
                <li>
                  {w('targets')}: {p.targets.length}
                </li>
                <li>
                  {w('tasks')}: {p.tasks.length}
                </li>
                <li>
                  {w('rules')}: {p.rules.length}
                </li>
              </ul>
            </section>
            <section>
              <h2>{w('rules')}</h2>
              {p.rules.length === 0 ? (
                <p>{w('none')}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="sr-only">{w('rules')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{w('rule')}</th>
                        <th scope="col">{w('check')}</th>
                        <th scope="col">{w('severity')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.rules.map((r) => (
                        <tr key={r.id}>
                          <td>{pick(r.name, r.nameEn)}</td>
                          <td>
                            <code>
                              {r.left} {r.operator} {r.right}
                              {r.tolerance ? ` ± ${r.tolerance}` : ''}
                            </code>
                          </td>
                          <td>{r.severity === 'error' ? w('error') : w('warning')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        )}
      </Async>
      <Async state={regions}>
        {(rs) => (
          <>
            <section>
              <h2>{w('regions')}</h2>
              <Tree regions={rs} parent={null} />
            </section>
            <section>
              <h2>{w('groupings')}</h2>
              <ul>
                {rs
                  .filter((r) => r.level === 'grouping')
                  .map((g) => (
                    <li key={g.code}>
                      <strong>{pick(g.name, g.nameEn)}</strong> — {w('members')}:{' '}
                      {g.members
                        .map((m) => {
                          const r = rs.find((x) => x.code === m)
                          return r ? pick(r.name, r.nameEn) : m
                        })
                        .join(pick('、', ', '))}
                    </li>
                  ))}
              </ul>
            </section>
          </>
        )}
      </Async>
    </>
  )
}

export function PlanAdminPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => <PlanAdmin />}</Workplace>
}
