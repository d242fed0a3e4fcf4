/** 导入记录 / Import history (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '导入记录' }, { title: 'Import history' })

export function ImportHistoryPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => null}</Workplace>
}
