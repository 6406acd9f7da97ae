/**
 * Sigma rules and their matches:
 * - `sigma_rules`: the rules loaded with `debrief sigma load`, one row per rule id, with the rule's YAML as loaded
 *   (compiled again for each run, so a newer Debrief evaluates what it newly supports), where it came from, and
 *   why Debrief cannot run it, if so;
 * - `sigma_matches`: which rule matched which event of a post-mortem, with the rule's title, level and ATT&CK
 *   techniques and its author (the Detection Rule License asks for the author's credit) copied, so the timeline, patient zero and the report read matches without the rules.
 */
import type { Kysely } from 'kysely';
import { bigintType, dialectOf } from '../dialects.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const big = bigintType(dialectOf(db));
  await db.schema
    .createTable('sigma_rules')
    .addColumn('rule_id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sigma_matches')
    .addColumn('post_mortem_id', 'text', (c) => c.notNull())
    .addColumn('event_id', big, (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('ts', big, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('author', 'text')
    .addColumn('techniques', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sigma_matches_pk', ['post_mortem_id', 'event_id', 'rule_id'])
    .execute();
  await db.schema
    .createIndex('sigma_matches_rule')
    .on('sigma_matches')
    .columns(['post_mortem_id', 'rule_id', 'ts'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sigma_matches').execute();
  await db.schema.dropTable('sigma_rules').execute();
}
