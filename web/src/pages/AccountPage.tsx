/** 我的账号 / My account (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '我的账号' }, { title: 'My account' })

export function AccountPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => null}</Workplace>
}
