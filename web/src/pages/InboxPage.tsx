/** 待办 / To do (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '待办' }, { title: 'To do' })

export function InboxPage() {
  const w = useWords()
  return (
    <Workplace title={w('title')} roles={['reporter', 'admin']}>
      {() => null}
    </Workplace>
  )
}
