/**
 * The plan versions a store holds, the active one, and the regions and groupings loaded with it.
 * @module
 */
import type { Plan } from '../../plan/plan-schema.js'
import type { Region } from '../../regions/region-catalog.js'

export interface PlanVersion {
  readonly id: string
  readonly version: string
}

export interface PlanFile extends PlanVersion {
  readonly fileName: string
  /** The plan file's text, as loaded. */
  readonly content: string
}

export interface PlanRepository {
  /** The plan `urbmon init` (or a reload) made active; undefined in a store not initialised. */
  activePlan(): Promise<PlanVersion | undefined>
  /** The text of a plan version. */
  planFile(version: PlanVersion): Promise<PlanFile | undefined>
  /**
   * Saves a plan version (added, or its text replaced when it differs; never another version overwritten),
   * replaces the regions with these, adds the plan's tasks not yet stored, and makes the plan active, in one
   * transaction.
   */
  savePlan(file: PlanFile, regions: ReadonlyArray<Region>, at: string, tasks?: Plan['tasks']): Promise<void>
  regions(): Promise<Region[]>
}
