import { z } from 'zod'

import { errorReplies, healthReply, indicatorsReply, planReply, regionsReply } from '../../contract/index.js'
import type { App, Deps } from '../route-deps.js'

export function registerMetaRoutes(app: App, { ctx }: Deps): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['meta'],
        summary: "Liveness, the store's state and the loaded plan (503 when the store cannot take writes)",
        response: { 200: healthReply, 503: healthReply, ...errorReplies },
      },
    },
    async (_req, reply) => {
      const storeState = await ctx.storeMeta.state()
      // Busy is backpressure, not a fault: the server is up and writes wait their turn.
      const degraded = storeState !== 'ok' && storeState !== 'busy'
      if (degraded) void reply.status(503)
      return {
        status: degraded ? ('degraded' as const) : ('ok' as const),
        store: ctx.storeMeta.kind,
        storeState,
        plan: { id: ctx.plan.id, version: ctx.plan.version, title: ctx.plan.title },
      }
    },
  )

  app.get(
    '/api/plan',
    { schema: { tags: ['meta'], summary: 'The plan: chapters, indicators, targets, tasks, milestones', response: { 200: planReply, ...errorReplies } } },
    () => ctx.plan,
  )

  app.get(
    '/api/regions',
    {
      schema: {
        tags: ['meta'],
        summary: 'Regions and groupings',
        querystring: z.object({ level: z.enum(['province', 'prefecture', 'county', 'grouping']).optional() }),
        response: { 200: regionsReply, ...errorReplies },
      },
    },
    (req) => ctx.regions.all.filter((r) => !req.query.level || r.level === req.query.level),
  )

  app.get('/api/indicators', { schema: { tags: ['meta'], summary: 'Indicators of the plan', response: { 200: indicatorsReply, ...errorReplies } } }, () => ctx.plan.indicators)
}

/** Until the web dashboard lands, the root page says what this is and where to go. */
export function landingPage(title: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>urbmon · 新型城镇化规划监测评估系统</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a}a{color:#0b57d0}code{background:#f2f2f2;padding:0 .3em}</style></head>
<body><h1>新型城镇化规划监测评估系统</h1><p>${esc(title)}</p>
<ul><li><a href="/api/docs">API 文档（OpenAPI）</a> · <a href="/api/openapi.json">openapi.json</a></li>
<li><a href="/api/status">目标进展 /api/status</a>（未登录时只含已发布数据）</li>
<li><a href="/api/warnings">预警 /api/warnings</a></li>
<li>开放数据下载：<a href="/api/open-data/all.zip">全部数据（ZIP）</a> · <a href="/api/open-data/indicators">指标元数据</a> · <a href="/api/export?format=csv">CSV</a> · <a href="/api/export?format=xlsx">XLSX</a> · <a href="/api/export?format=json">JSON</a></li></ul>
<p lang="en">Urbanization Plan Monitor — API docs at <code>/api/docs</code>. The web dashboard is being built.</p></body></html>`
}
