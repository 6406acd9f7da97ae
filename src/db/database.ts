/**
 * The database handle and its table types. Tables hold snake_case rows; repositories convert them to domain
 * objects. Instants are stored as ISO 8601 UTC text (sortable in both dialects), flags as 0/1 integers and lists
 * as JSON text, so the same queries run on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';
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

export interface Database {
  post_mortems: PostMortemsTable;
  post_mortem_revisions: PostMortemRevisionsTable;
  settings: SettingsTable;
}

/** An open database: the Kysely instance, which dialect it speaks, and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the database is, with any password removed: safe to print. */
  readonly location: string;
  close(): Promise<void>;
}
