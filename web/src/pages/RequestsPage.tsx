/** 数据征集 / Data requests (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '数据征集' }, { title: 'Data requests' })

export function RequestsPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => null}</Workplace>
}
