import type { Generated } from 'kysely'

export type WorkflowStatus = 'draft' | 'submitted' | 'approved' | 'published' | 'returned'

export interface MetaTable {
  key: string
  value: string
}

export interface PlanTable {
  id: string
  version: string
  file_name: string
  content: string
  loaded_at: string
}

export interface RegionTable {
  code: string
  name: string
  name_en: string
  level: string
  parent: string | null
  aliases: string
  members: string
  partial_members: string
  grouping_kind: string | null
  summary_order: number | null
}

export interface ObservationTable {
  id: Generated<number>
  indicator: string
  region: string
  period: string
  year: number
  source: string
  value: number
  value_text: string
  unit: string
  raw_value: string
  note: string | null
  status: WorkflowStatus
  version: number
  created_at: string
  created_by: string
  updated_at: string
  updated_by: string
  import_id: number | null
}

export interface RevisionTable {
  id: Generated<number>
  observation_id: number
  version: number
  action: 'create' | 'update' | 'status'
  indicator: string
  region: string
  period: string
  source: string
  value: number
  value_text: string
  unit: string
  raw_value: string
  note: string | null
  status: WorkflowStatus
  previous_value: number | null
  changed_at: string
  changed_by: string
  import_id: number | null
  /** file, sheet, row, column the value came from (JSON). */
  origin: string | null
}

export interface ImportTable {
  id: Generated<number>
  file_name: string
  file_sha256: string
  format: string
  layout: string
  source: string | null
  imported_at: string
  imported_by: string
  created: number
  updated: number
  unchanged: number
  warnings: number
}

export interface Database {
  meta: MetaTable
  plans: PlanTable
  regions: RegionTable
  observations: ObservationTable
  observation_revisions: RevisionTable
  imports: ImportTable
}
