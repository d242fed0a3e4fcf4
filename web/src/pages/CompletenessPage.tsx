/** 完整性与及时性 / Completeness and timeliness (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '完整性与及时性' }, { title: 'Completeness and timeliness' })

export function CompletenessPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => null}</Workplace>
}
