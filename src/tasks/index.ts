export { evidenceStructure } from './evidence-structure.js'
export { followUp, rollUp, sniffAttachment, type TaskFollowUp, type TaskState } from './follow-up.js'
