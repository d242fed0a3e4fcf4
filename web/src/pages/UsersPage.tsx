/** 用户管理 / Users (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '用户管理' }, { title: 'Users' })

export function UsersPage() {
  const w = useWords()
  return (
    <Workplace title={w('title')} roles={['admin']}>
      {() => null}
    </Workplace>
  )
}
