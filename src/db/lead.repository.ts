/**
 * Events that point at the start and the spread of an attack: the first sightings of known-bad indicators, the
 * events analysts tagged as compromised, and the events that can show a move from one host to another.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import type { LeadEvent } from '../core/patient-zero.js';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

const COLUMNS = [
  'e.id',
  'e.ts',
  'e.host',
  'e.host_ip',
  'e.user_name',
  'e.src_ip',
  'e.dst_ip',
  'e.dst_port',
  'e.code',
  'e.provider',
  'e.action',
  'e.labels',
  'e.message',
  's.evidence_id',
  'e.ordinal',
] as const;

type Row = {
  id: number;
  ts: number;
  host: string | null;
  host_ip: string | null;
  user_name: string | null;
  src_ip: string | null;
  dst_ip: string | null;
  dst_port: number | null;
  code: string | null;
  provider: string | null;
  action: string | null;
  labels: string | null;
  message: string;
  evidence_id: string;
  ordinal: number;
};

function toLead(row: Row): LeadEvent {
  return {
    id: `${row.evidence_id}#${Number(row.ordinal)}`,
    evidenceId: row.evidence_id,
    ts: Number(row.ts),
    host: row.host,
    hostIp: row.host_ip,
    user: row.user_name,
    srcIp: row.src_ip,
    dstIp: row.dst_ip,
    dstPort: row.dst_port === null ? null : Number(row.dst_port),
    code: row.code,
    provider: row.provider,
    action: row.action,
    labels: row.labels === null ? {} : (JSON.parse(row.labels) as Record<string, string>),
    message: row.message,
  };
}

/** The earliest sightings of known-bad indicators, with the indicator and the list it came from. */
export async function knownBadSightings(
  db: Db,
  postMortemId: PostMortemId,
  limit = 20,
): Promise<{ event: LeadEvent; type: string; value: string; list: string }[]> {
  const rows = await db
    .selectFrom('indicators as i')
    .innerJoin('indicator_sightings as x', 'x.indicator_id', 'i.id')
    .innerJoin('events as e', 'e.id', 'x.event_id')
    .innerJoin('event_sources as s', 's.id', 'e.source_id')
    .select([...COLUMNS, 'i.type as indicator_type', 'i.value as indicator_value', 'i.known_bad'])
    .where('i.post_mortem_id', '=', postMortemId)
    .where('i.known_bad', 'is not', null)
    .orderBy('e.ts')
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    event: toLead(r as unknown as Row),
    type: r.indicator_type,
    value: r.indicator_value,
    list: r.known_bad ?? '',
  }));
}

/** The earliest events a Sigma rule of one of `levels` matched, with the rule. */
export async function sigmaDetections(
  db: Db,
  postMortemId: PostMortemId,
  levels: readonly string[],
  limit = 20,
): Promise<{ event: LeadEvent; rule: string; title: string; level: string }[]> {
  const rows = await db
    .selectFrom('sigma_matches as g')
    .innerJoin('events as e', (join) =>
      join.onRef('e.id', '=', 'g.event_id').onRef('e.post_mortem_id', '=', 'g.post_mortem_id'),
    )
    .innerJoin('event_sources as s', 's.id', 'e.source_id')
    .select([...COLUMNS, 'g.rule_id', 'g.title', 'g.level'])
    .where('g.post_mortem_id', '=', postMortemId)
    .where('g.level', 'in', levels)
    .orderBy('g.ts')
    .orderBy('e.id')
    .orderBy('g.rule_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    event: toLead(r as unknown as Row),
    rule: r.rule_id,
    title: r.title,
    level: r.level ?? '',
  }));
}

/** The earliest events analysts tagged with one of `tags`, with the tags. */
export async function taggedEvents(
  db: Db,
  postMortemId: PostMortemId,
  tags: readonly string[],
  limit = 20,
): Promise<{ event: LeadEvent; tags: string[] }[]> {
  if (tags.length === 0) return [];
  const rows = await db
    .selectFrom('event_marks as m')
    .innerJoin('events as e', (join) =>
      join.onRef('e.id', '=', 'm.event_id').onRef('e.post_mortem_id', '=', 'm.post_mortem_id'),
    )
    .innerJoin('event_sources as s', 's.id', 'e.source_id')
    .select([...COLUMNS, 'm.tags'])
    .where('m.post_mortem_id', '=', postMortemId)
    .where((eb) =>
      eb.or(
        tags.map((t) =>
          eb(
            'm.tags',
            'like',
            sql<string>`${`%${JSON.stringify(t).replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`,
          ),
        ),
      ),
    )
    .orderBy('e.ts')
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ event: toLead(r as unknown as Row), tags: JSON.parse(r.tags) as string[] }));
}

/** Ports of remote administration and file sharing: SSH, RPC, SMB, RDP, WinRM. */
export const LATERAL_PORTS = [22, 135, 445, 3389, 5985, 5986] as const;

/**
 * Every event that may show a move between hosts (remote logons, service installs, connections to remote
 * administration ports, SSH logins) and every event that tells a host's own address, in time order, page by page.
 */
export async function* lateralCandidates(
  db: Db,
  postMortemId: PostMortemId,
  page = 5_000,
): AsyncGenerator<LeadEvent[]> {
  let after = { ts: Number.MIN_SAFE_INTEGER, id: 0 };
  for (;;) {
    const rows = await db
      .selectFrom('events as e')
      .innerJoin('event_sources as s', 's.id', 'e.source_id')
      .select([...COLUMNS])
      .where('e.post_mortem_id', '=', postMortemId)
      .where((eb) =>
        eb.or([
          eb('e.code', 'in', ['4624', '4648', '4697', '7045']),
          eb('e.dst_port', 'in', [...LATERAL_PORTS]),
          eb.and([eb('e.src_ip', 'is not', null), eb('e.message', 'like', '%Accepted %')]),
          eb('e.host_ip', 'is not', null),
        ]),
      )
      .where((eb) =>
        eb.or([eb('e.ts', '>', after.ts), eb.and([eb('e.ts', '=', after.ts), eb('e.id', '>', after.id)])]),
      )
      .orderBy('e.ts')
      .orderBy('e.id')
      .limit(page)
      .execute();
    if (rows.length === 0) return;
    const leads = rows.map((r) => toLead(r as unknown as Row));
    yield leads;
    const last = rows[rows.length - 1] as unknown as Row;
    after = { ts: Number(last.ts), id: Number(last.id) };
  }
}
