/** 填报指南 / Reporting guide (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '填报指南' }, { title: 'Reporting guide' })

export function GuidePage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => null}</Workplace>
}
