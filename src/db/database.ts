/**
 * The database handle and its table types. Tables hold snake_case rows; repositories convert them to domain
 * objects. Instants are stored as ISO 8601 UTC text (sortable in both dialects), flags as 0/1 integers and lists
 * as JSON text, so the same queries run on SQLite and PostgreSQL.
 */
import type SQLite from 'better-sqlite3';
import type { Generated, Kysely } from 'kysely';
import type pg from 'pg';
import type { DialectName } from './dialects.js';

export interface PostMortemsTable {
  id: string;
  title: string;
  status: string;
  severity: string;
  /** JSON array of post-mortem types. */
  types: string;
  restricted: number;
  /** JSON array of tags. */
  tags: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** The canonical document as JSON, version and timestamps included. */
  document: string;
  /** SHA-256 of the document's content without version and timestamps: tells a real change from a re-import. */
  content_hash: string;
}

export interface PostMortemRevisionsTable {
  post_mortem_id: string;
  version: number;
  document: string;
  content_hash: string;
  recorded_at: string;
  /** What produced the revision: `import`, `import --force`, `demo`... */
  origin: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** Content in the blob store: original evidence files and decompressed archive members. */
export interface BlobsTable {
  sha256: string;
  size: number;
  /** `evidence` for an uploaded file, `derived` for content decompressed from one. */
  origin: string;
  stored_at: string;
}

export interface EvidenceTable {
  post_mortem_id: string;
  id: string;
  sha256: string;
  size: number;
  media_type: string;
  original_name: string;
  description: string | null;
  collected_by: string | null;
  collected_at: string | null;
  source_system: string | null;
  /** IANA zone declared for times without offset in this evidence. */
  timezone: string | null;
  registered_at: string;
  registered_by: string;
  /** Number of custody entries and the hash of the last: an anchor that shows a deleted last entry. */
  custody_count: number;
  custody_head: string;
}

export interface CustodyEventsTable {
  post_mortem_id: string;
  evidence_id: string;
  seq: number;
  action: string;
  actor: string;
  at: string;
  reason: string | null;
  /** JSON object with action-specific facts (format, counts, destination...). */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface EventSourcesTable {
  id: Generated<number>;
  post_mortem_id: string;
  evidence_id: string;
  /** '' for the file itself, else the archive member's path. */
  member: string;
  member_index: number;
  content_sha256: string;
  format: string;
  /** JSON of the parse options (zone, mapping, preset, year). */
  options: string;
  /** `running`, `done` or `failed`. */
  status: string;
  /** Ordinal of this source's first record within the evidence (records of earlier members). */
  ordinal_base: number;
  /** Checkpoint: records (accepted or rejected) stored so far, in file order. */
  records_done: number;
  accepted: number;
  rejected: number;
  first_ts: number | null;
  last_ts: number | null;
  assumed_times: number;
  started_at: string;
  /** The process doing the work, `host:pid`, so a rerun can tell a crashed ingest from a running one. */
  owner: string;
  heartbeat_at: string;
  /** 1 once the source's events were scanned for indicators. */
  indicators_scanned: Generated<number>;
  /** The last event id scanned for indicators. */
  indicators_cursor: Generated<number>;
  finished_at: string | null;
  error: string | null;
}

export interface EventsTable {
  id: Generated<number>;
  post_mortem_id: string;
  source_id: number;
  ordinal: number;
  ts: number;
  ts_text: string;
  ts_assumed: number;
  raw_offset: number;
  raw_length: number;
  line: number | null;
  kind: string | null;
  category: string | null;
  type: string | null;
  action: string | null;
  outcome: string | null;
  code: string | null;
  provider: string | null;
  dataset: string | null;
  host: string | null;
  host_ip: string | null;
  user_name: string | null;
  user_domain: string | null;
  src_ip: string | null;
  dst_ip: string | null;
  process_name: string | null;
  command_line: string | null;
  executable: string | null;
  parent_name: string | null;
  parent_command_line: string | null;
  file_path: string | null;
  file_hash: string | null;
  url: string | null;
  dns_question: string | null;
  /** JSON object of labels. */
  labels: string | null;
  severity: number | null;
  src_port: number | null;
  dst_port: number | null;
  pid: number | null;
  parent_pid: number | null;
  message: string;
}

export interface EventRejectsTable {
  source_id: number;
  ordinal: number;
  post_mortem_id: string;
  line: number | null;
  raw_offset: number;
  raw_length: number;
  reason: string;
  sample: string;
}

export interface EventMarksTable {
  post_mortem_id: string;
  event_id: number;
  starred: number;
  /** JSON array of tags. */
  tags: string;
  updated_at: string;
  updated_by: string;
}

/** An indicator of a post-mortem, with what its sightings add up to. */
export interface IndicatorsTable {
  id: Generated<number>;
  post_mortem_id: string;
  type: string;
  value: string;
  first_ts: number | null;
  last_ts: number | null;
  event_count: Generated<number>;
  /** JSON array of up to 20 hosts it was seen on. */
  hosts: Generated<string>;
  /** JSON array of up to 20 users it was seen with. */
  users: Generated<string>;
  /** Where a known-bad list named it (file and format), or null. */
  known_bad: string | null;
}

export interface IndicatorSightingsTable {
  indicator_id: number;
  event_id: number;
  /** The event's time (epoch ms). */
  ts: number;
}

/** Where reminders go. */
export interface NotificationChannelsTable {
  /** `C-1`, `C-2`... */
  id: string;
  /** email, webhook, slack or teams. */
  kind: string;
  /** The e-mail address or the URL. */
  target: string;
  /** For webhooks: the environment variable holding the signing secret (never the secret). */
  secret_env: string | null;
  created_at: string;
  created_by: string;
}

/** One reminder for one channel: the delivery log. */
export interface NotificationDeliveriesTable {
  id: Generated<number>;
  channel_id: string;
  reminder_key: string;
  post_mortem_id: string;
  /** The reminder as JSON (src/core/reminders.ts). */
  reminder: string;
  /** pending, delivered or failed. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** A Sigma rule loaded by `debrief sigma load`. */
export interface SigmaRulesTable {
  rule_id: string;
  title: string;
  level: string | null;
  /** The rule's file, relative to the folder loaded. */
  origin: string;
  /** The folder (or file) it was loaded from. */
  source: string;
  yaml: string;
  /** Why Debrief cannot run the rule, or null. */
  problem: string | null;
  loaded_at: string;
  loaded_by: string;
}

/** A rule that matched an event. */
export interface SigmaMatchesTable {
  post_mortem_id: string;
  event_id: number;
  rule_id: string;
  /** The event's time (epoch ms). */
  ts: number;
  title: string;
  level: string | null;
  author: string | null;
  /** JSON array of ATT&CK technique ids. */
  techniques: string;
}

/** The ATT&CK catalogue of a domain, as loaded by `debrief attack load`. */
export interface AttackCatalogsTable {
  domain: string;
  version: string;
  /** The file path or URL it was loaded from. */
  source: string;
  /** SHA-256 of the bundle as loaded. */
  sha256: string;
  loaded_at: string;
  loaded_by: string;
  /** The compact catalogue (src/core/attack-catalog.ts) as JSON. */
  catalog: string;
}

/** A local or single-sign-on account. */
export interface UsersTable {
  /** `U-1`, `U-2`... */
  id: string;
  /** Lowercase, unique. */
  username: string;
  display_name: string;
  email: string | null;
  /** admin, lead, analyst, contributor, viewer or auditor (src/core/access.ts). */
  role: string;
  /** `scrypt$N$r$p$salt$hash` (base64url), or null for accounts that only sign in through OpenID Connect. */
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
  /** The active TOTP secret (base32), or null without a second factor. Never logged nor shown again. */
  totp_secret: string | null;
  /** A TOTP secret being enrolled, until a code confirms it. */
  totp_pending: string | null;
  /** The last TOTP time step accepted (a code is good once). */
  totp_last_step: number | null;
}

/** A browser session, found by the SHA-256 of its cookie value. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  /** A random id to show and name the session by: neither the cookie nor its hash. */
  public_id: string;
  /** When the session last proved who it is (sign-in or re-authentication). */
  authenticated_at: string;
}

/** One-time recovery codes of the second factor: only their SHA-256 is kept. */
export interface RecoveryCodesTable {
  code_hash: string;
  user_id: string;
  created_at: string;
  used_at: string | null;
}

/** An API token: `dbt_<id>_<secret>`; only the SHA-256 of the secret is kept. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  /** JSON array of scopes: read, write, admin. */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The first-run setup token and password-reset tokens: hashed, single use, expiring. */
export interface OneTimeTokensTable {
  token_hash: string;
  /** setup or reset. */
  purpose: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Failed logins per key (`user:NAME` or `ip:ADDRESS`), shared by every server process. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  first_failure_at: string;
  locked_until: string | null;
}

/** Who may see a restricted post-mortem. */
export interface PostMortemMembersTable {
  post_mortem_id: string;
  user_id: string;
  added_at: string;
  added_by: string;
}

/** One entry of the append-only, hash-chained audit trail. */
export interface AuditLogTable {
  seq: number;
  at: string;
  /** `user:U-1 (alice)`, `token:T-3 (alice)`, `cli:root`, `anonymous`. */
  actor: string;
  /** What was done: `post-mortem.update`, `auth.login`, `read.restricted`... */
  action: string;
  /** What it was done to (a route, a user, a token), or null. */
  target: string | null;
  post_mortem_id: string | null;
  /** Where from: the client address, or `cli`. */
  source: string | null;
  /** ok, denied or failed. */
  outcome: string;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

/** The post-mortem an outside incident opened (the webhook's idempotency key). */
export interface IncidentLinksTable {
  /** The sending system, as it names itself: pagerduty, servicenow, thehive... */
  source: string;
  external_id: string;
  post_mortem_id: string;
  created_at: string;
  created_by: string;
}

/** Background work (ingest of uploaded evidence): status, progress and result. */
export interface JobsTable {
  /** `J-` and 10 hex digits. */
  id: string;
  /** ingest. */
  kind: string;
  post_mortem_id: string;
  /** queued, running, done or failed. */
  status: string;
  /** JSON: what to do (the evidence, the parsing options). */
  params: string;
  /** JSON: how far it got. */
  progress: string | null;
  /** JSON: the outcome (the ingest summary). */
  result: string | null;
  error: string | null;
  attempts: number;
  /** `host:pid` of the server working on it. */
  owner: string | null;
  heartbeat_at: string | null;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** One row (id 1): a random stamp that changes with every change to post_mortems or post_mortem_members. */
export interface ListStampTable {
  id: number;
  stamp: string;
}

/** A frozen, approved version of a post-mortem (migration 0013); never changed but for `published_at`, once. */
export interface ReportVersionsTable {
  post_mortem_id: string;
  /** 1 for the first approval, then 2... */
  number: number;
  /** The stored revision (post_mortems.version) it froze. */
  revision: number;
  /** `sha256:` + hex of the reviewed content's canonical JSON (core/sign-off.ts). */
  content_hash: string;
  /** The whole document as JSON. */
  document: string;
  /** JSON list of `{ person, name, at, comment? }`. */
  approvers: string;
  approved_at: string;
  published_at: string | null;
  /** JSON list of the waivers `{ gate, reason, by, at }` that let it through. */
  waivers: string;
}

/** A waiver of an approval gate, for one reviewed content (migration 0013). */
export interface ReviewWaiversTable {
  id: Generated<number>;
  post_mortem_id: string;
  content_hash: string;
  gate: string;
  reason: string;
  waived_by: string;
  waived_at: string;
}

export interface Database {
  post_mortems: PostMortemsTable;
  post_mortem_revisions: PostMortemRevisionsTable;
  settings: SettingsTable;
  blobs: BlobsTable;
  evidence: EvidenceTable;
  custody_events: CustodyEventsTable;
  event_sources: EventSourcesTable;
  events: EventsTable;
  event_rejects: EventRejectsTable;
  event_marks: EventMarksTable;
  attack_catalogs: AttackCatalogsTable;
  indicators: IndicatorsTable;
  indicator_sightings: IndicatorSightingsTable;
  sigma_rules: SigmaRulesTable;
  sigma_matches: SigmaMatchesTable;
  notification_channels: NotificationChannelsTable;
  notification_deliveries: NotificationDeliveriesTable;
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  api_tokens: ApiTokensTable;
  one_time_tokens: OneTimeTokensTable;
  login_throttle: LoginThrottleTable;
  post_mortem_members: PostMortemMembersTable;
  audit_log: AuditLogTable;
  incident_links: IncidentLinksTable;
  jobs: JobsTable;
  list_stamp: ListStampTable;
  report_versions: ReportVersionsTable;
  review_waivers: ReviewWaiversTable;
}

/** The driver under Kysely, for the one bulk path that needs it (writing ingested events). */
export type RawConnection =
  | { readonly dialect: 'sqlite'; readonly sqlite: SQLite.Database }
  | { readonly dialect: 'postgres'; readonly pool: pg.Pool };

/** An open database: the Kysely instance, which dialect it speaks, and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly raw: RawConnection;
  /** Where the database is, with any password removed: safe to print. */
  readonly location: string;
  close(): Promise<void>;
}
