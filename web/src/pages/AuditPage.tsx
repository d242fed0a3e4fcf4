/** 审计日志 / Audit log (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '审计日志' }, { title: 'Audit log' })

export function AuditPage() {
  const w = useWords()
  return (
    <Workplace title={w('title')} roles={['reviewer', 'admin']}>
      {() => null}
    </Workplace>
  )
}
