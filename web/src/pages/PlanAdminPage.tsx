/** 规划与地区 / Plan and regions (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '规划与地区' }, { title: 'Plan and regions' })

export function PlanAdminPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => null}</Workplace>
}
