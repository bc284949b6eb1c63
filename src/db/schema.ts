/** The database's tables as kysely types: one interface per table. Instants are UTC ISO 8601 text. */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export type Role = "admin" | "user";
/** Every state of a job, in the order a job passes through them. */
export const JOB_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export type JobStatus = typeof JOB_STATUSES[number];

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  default_template_id: string | null;
  created_at: string;
  /** Tokens carry the version they were issued under; bumping it revokes every older token. */
  token_version: Generated<number>;
}

export interface ConfigTemplatesTable {
  id: string;
  owner_id: string;
  name: string;
  description: string;
  /** JSON: a config layer (partial SchedulerConfig). */
  config_json: string;
  created_at: string;
  updated_at: string;
}

/** The columns both job tables (schedules, comparisons) have, with the same meaning. */
export interface JobColumns {
  id: string;
  owner_id: string;
  name: string | null;
  status: JobStatus;
  lot_count: number;
  /** JSON: Lot[] as given. */
  lots_json: string;
  /** JSON: the effective SchedulerConfig. */
  config_json: string;
  /** The job's start instant. */
  start_at: string;
  error: string | null;
  /** How often the job was started (a restart after a crash starts it again). */
  attempts: Generated<number>;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface SchedulesTable extends JobColumns {
  /** Canonical strategy name. */
  strategy: string;
  template_id: string | null;
  /** JSON: where each effective value came from. */
  config_sources_json: string;
  kpis_json: string | null;
  /** JSON: the KPIs without their per-block figures, for lists. */
  kpi_summary_json: string | null;
  bound_json: string | null;
  activities_json: string | null;
  /** JSON: the plan as blocks of lot IDs. */
  plan_json: string | null;
  solve_status: string | null;
  validation_json: string | null;
  elapsed_ms: number | null;
  /** The schedule this one was re-planned from (null for a first version). */
  parent_id: string | null;
  /** The first version of its lineage (null: this is the first). */
  root_id: string | null;
  /** 1 for a first version, the parent's + 1 after. */
  version: Generated<number>;
  /** SHA-256 of the input lots, of the effective config; the engine version that planned it. */
  input_hash: string | null;
  config_hash: string | null;
  engine_version: string | null;
  /** JSON: what made this version (a re-plan's report or the rush lot's place); null = a run. */
  change_json: string | null;
}

export interface ComparisonsTable extends JobColumns {
  /** JSON: canonical strategy names, in run order. */
  strategies_json: string;
  best: string | null;
}

export interface ComparisonRunsTable {
  comparison_id: string;
  position: number;
  strategy: string;
  status: "completed" | "failed";
  kpis_json: string | null;
  bound_json: string | null;
  solve_status: string | null;
  elapsed_ms: number | null;
  error: string | null;
}

/** Every event of every job, numbered per job (several instances share them; see job_event_log.ts). */
export interface JobEventsTable {
  job_id: string;
  seq: number;
  owner_id: string;
  kind: "schedule" | "compare";
  at: string;
  /** JSON: the event. */
  event_json: string;
}

/** Values the instances of one database share, by key. */
export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  users: UsersTable;
  config_templates: ConfigTemplatesTable;
  schedules: SchedulesTable;
  comparisons: ComparisonsTable;
  comparison_runs: ComparisonRunsTable;
  job_events: JobEventsTable;
  settings: SettingsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type TemplateRow = Selectable<ConfigTemplatesTable>;
export type ScheduleRow = Selectable<SchedulesTable>;
export type NewSchedule = Insertable<SchedulesTable>;
export type ScheduleUpdate = Updateable<SchedulesTable>;
export type ComparisonRow = Selectable<ComparisonsTable>;
export type NewComparison = Insertable<ComparisonsTable>;
export type ComparisonRunRow = Selectable<ComparisonRunsTable>;
