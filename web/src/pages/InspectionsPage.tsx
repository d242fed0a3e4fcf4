/** 专项督查 / Inspections (issue 15). */
import { defineMessages } from '../i18n'
import { Workplace } from '../session'

const useWords = defineMessages({ title: '专项督查' }, { title: 'Inspections' })

export function InspectionsPage() {
  const w = useWords()
  return <Workplace title={w('title')}>{() => null}</Workplace>
}
