/**
 * Source quality kept by the store: each graded source, the registry's host rules, and reviewers' per-series
 * source choices. Every write records its audit entry in the same transaction (so the data version moves and
 * every cache of computed values is invalidated).
 * @module
 */
import type { Confidence, GradeBasis, SourceGrade } from '../../core/source-grade.js'
import type { AuditEntry } from './audit-entry.js'

export interface SourceRecord {
  readonly source: string
  readonly grade: SourceGrade
  readonly vintage: string | null
  readonly publisher: string | null
  readonly publisherEn: string | null
  readonly title: string | null
  readonly titleEn: string | null
  readonly basis: Exclude<GradeBasis, 'host' | 'none'>
  readonly gradedBy: string
  readonly gradedAt: string
}

export interface HostRuleRecord {
  readonly host: string
  readonly grade: SourceGrade
}

export interface SeriesChoiceRecord {
  readonly indicator: string
  readonly region: string
  readonly source: string
  readonly reason: string
  readonly chosenBy: string
  readonly chosenAt: string
}

export type ConfidenceCounts = Readonly<Record<Confidence | 'none', number>>

/** One entry of the registry file, as stored (basis `registry`). */
export type RegistryEntry = Omit<SourceRecord, 'basis' | 'gradedBy' | 'gradedAt'>

export interface RegistryOutcome {
  /** Sources written (new or changed). */
  readonly written: number
  readonly unchanged: number
  /** Sources a reviewer regraded: the registry leaves them as the reviewer set them. */
  readonly keptReviewer: number
  /** Host rules now in force. */
  readonly hosts: number
}

export interface SourceRepository {
  graded(): Promise<SourceRecord[]>
  hosts(): Promise<HostRuleRecord[]>
  choices(): Promise<SeriesChoiceRecord[]>
  /** How many observations each source has (every source any observation names). */
  figureCounts(): Promise<Map<string, number>>
  /** How many of each source's observations state each confidence (`none`: no stated confidence). */
  confidenceCounts(): Promise<Map<string, ConfidenceCounts>>
  /** Whether some observation of the series (indicator × region) comes from the source. */
  seriesHasSource(indicator: string, region: string, source: string): Promise<boolean>
  /**
   * Writes the registry's entries and, when the file has a `hosts` list, replaces the host rules with it (a file
   * without one keeps them), in one transaction with its audit entry.
   */
  loadRegistry(entries: ReadonlyArray<RegistryEntry>, hosts: ReadonlyArray<HostRuleRecord> | undefined, by: string, at: string, audit: AuditEntry): Promise<RegistryOutcome>
  /** An importer's grade for sources that have none stored yet (never overwrites one); the sources it graded. */
  stateGrades(sources: ReadonlyArray<string>, grade: SourceGrade, by: string, at: string, audit: (graded: ReadonlyArray<string>) => AuditEntry): Promise<string[]>
  /** A reviewer's regrade (basis `reviewer`); returns the stored record it replaced, if any. */
  regrade(source: string, grade: SourceGrade, vintage: string | null | undefined, by: string, at: string, audit: AuditEntry): Promise<SourceRecord | undefined>
  /** Sets a series' chosen source; returns the choice it replaced, if any. */
  choose(choice: SeriesChoiceRecord, audit: AuditEntry): Promise<SeriesChoiceRecord | undefined>
  /** Removes a series' choice; returns it (undefined when there was none, and then nothing is written). */
  clearChoice(indicator: string, region: string, audit: AuditEntry): Promise<SeriesChoiceRecord | undefined>
}
