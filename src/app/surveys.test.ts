import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { t } from '../i18n/t.js'
import { DEFAULT_SURVEYS_DIR, loadQuestionnaires } from './surveys.js'
import { SurveyTokens } from './survey-tokens.js'

const BUNDLED = readFileSync(join(DEFAULT_SURVEYS_DIR, 'jiangsu-satisfaction.yaml'), 'utf8')

describe('loading the questionnaires at startup', () => {
  it('loads the bundled folder', () => {
    expect(loadQuestionnaires().all.map((q) => q.id)).toEqual(['jiangsu-satisfaction'])
  })

  it('stops on a malformed file, naming the file, the line and the field in Chinese and English', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbmon-surveys-'))
    writeFileSync(join(dir, 'a-good.yaml'), BUNDLED)
    const broken = BUNDLED.replace('minSample: 30', 'minSample: 1')
    writeFileSync(join(dir, 'b-broken.yaml'), broken)
    const line = broken.split('\n').findIndex((l) => l.startsWith('minSample: 1')) + 1
    let caught: unknown
    try {
      loadQuestionnaires(dir)
    } catch (e) {
      caught = e
    }
    expect(caught).toMatchObject({ code: 'questionnaire.invalid', params: { file: 'b-broken.yaml', line, path: 'minSample' } })
    const { code, params } = caught as { code: 'questionnaire.invalid'; params: never }
    expect(t('zh', code, params)).toContain(`问卷文件 b-broken.yaml 第 ${line} 行，字段 minSample 无效`)
    expect(t('en', code, params)).toContain(`Questionnaire file b-broken.yaml, line ${line}: field minSample is invalid`)
  })

  it('names a YAML syntax error by file and line, and a second file with the same id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbmon-surveys-'))
    writeFileSync(join(dir, 'x.yaml'), 'schema: urbmon/questionnaire@1\nid: [unclosed\n')
    const thrown = (d: string): unknown => {
      try {
        loadQuestionnaires(d)
      } catch (e) {
        return e
      }
      return undefined
    }
    expect(thrown(dir)).toMatchObject({ code: 'questionnaire.invalid', params: { file: 'x.yaml', reason: 'yaml_syntax' } })
    const twice = mkdtempSync(join(tmpdir(), 'urbmon-surveys-'))
    writeFileSync(join(twice, 'a.yaml'), BUNDLED)
    writeFileSync(join(twice, 'b.yaml'), BUNDLED)
    expect(thrown(twice)).toMatchObject({ params: { file: 'b.yaml', path: 'id', rule: 'duplicate_questionnaire' } })
  })
})

describe('form tokens', () => {
  const now = Date.parse('2026-03-01T08:00:00Z')
  it('verifies its own token for the same questionnaire and region until it expires', () => {
    const tokens = new SurveyTokens('secret', 3600_000)
    const token = tokens.issue('q', '320100', now)
    expect(tokens.verify(token, 'q', '320100', now + 3599_000)).toMatchObject({ issuedAt: now, expiresAt: now + 3600_000 })
    expect(() => tokens.verify(token, 'q', '320100', now + 3601_000)).toThrow(expect.objectContaining({ code: 'survey.token_expired' }))
    expect(() => tokens.verify(token, 'q', '320200', now)).toThrow(expect.objectContaining({ code: 'survey.token_invalid' }))
    expect(() => tokens.verify(token, 'other', '320100', now)).toThrow(expect.objectContaining({ code: 'survey.token_invalid' }))
  })
  it('refuses a token signed with another secret, or with its payload changed', () => {
    const token = new SurveyTokens('one').issue('q', '320100', now)
    expect(() => new SurveyTokens('two').verify(token, 'q', '320100', now)).toThrow(expect.objectContaining({ code: 'survey.token_invalid' }))
    const [payload, sig] = token.split('.')
    const changed = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('320100', '320200')).toString('base64url')
    expect(() => new SurveyTokens('one').verify(`${changed}.${sig}`, 'q', '320200', now)).toThrow(expect.objectContaining({ code: 'survey.token_invalid' }))
  })
})
