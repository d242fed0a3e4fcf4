export { parseFile, type Layout, type ParseOptions, type ParsedFile } from './parse-file.js'
export { cellKey, type CandidateObservation, type ExistingValue } from './observation.js'
export { revisionWarnings, type ValidationContext } from './validate.js'
