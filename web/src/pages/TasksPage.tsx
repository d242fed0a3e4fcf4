/** 任务 / Tasks (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '任务' }, { title: 'Tasks' })

export function TasksPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => null}</Workplace>
}
