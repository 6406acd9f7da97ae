/**
 * The ATT&CK techniques a stored post-mortem saw, placed on the matrix: the techniques of its curated timeline,
 * of Sigma matches and of imported tool detections (as the Navigator layer gathers them), each with its tactics
 * from the stored catalogue, its name, counts and first sighting. Without a catalogue the techniques come without
 * tactics or names, and the caller says how to load one.
 */
import type { Kysely } from 'kysely';
import type { AttackCatalog, AttackTactic } from '../core/attack-catalog.js';
import type { TechniqueSightings } from '../core/attack-layer.js';
import type { PostMortemId } from '../core/ids.js';
import { datedTimeline } from '../core/milestones.js';
import type { PostMortem } from '../core/model.js';
import { toUtcIso } from '../core/time.js';
import { techniqueSightings } from '../db/attack-sightings.repository.js';
import type { Database } from '../db/database.js';
import { storedAttackCatalog } from './load-attack-catalog.js';
import { readPostMortem } from './read-post-mortem.js';

/** One technique seen, with where it sits on the matrix. */
export interface MatrixTechnique {
  readonly technique: string;
  readonly name?: string;
  readonly tactics: readonly string[];
  readonly entries: readonly string[];
  readonly sigmaMatches: number;
  readonly toolDetections: number;
  readonly count: number;
  readonly firstSeen: string | null;
}

/** The techniques seen on the matrix, and the catalogue's credit (null: no catalogue). */
export interface AttackMatrix {
  readonly tactics: readonly AttackTactic[];
  readonly techniques: readonly MatrixTechnique[];
  readonly catalog: { readonly version: string; readonly credit: string } | null;
}

/** The tactics of a technique by the catalogue, its parent's for a sub-technique without any. */
function tacticsOf(catalog: AttackCatalog | undefined, technique: string): readonly string[] {
  const known = catalog?.techniques[technique];
  if (known && known.tactics.length > 0) return known.tactics;
  const parent = technique.includes('.') ? catalog?.techniques[technique.split('.')[0] as string] : undefined;
  return parent?.tactics ?? [];
}

/**
 * Places a document's techniques and its working timeline's sightings on the matrix of `catalog` (pure: the
 * stored parts are read by `readAttackMatrix`).
 */
export function attackMatrix(
  doc: PostMortem,
  sightings: ReadonlyMap<string, TechniqueSightings>,
  catalog: AttackCatalog | undefined,
): AttackMatrix {
  const seen = new Map<string, { entries: string[]; firstAt?: number; sightings?: TechniqueSightings }>();
  for (const dated of datedTimeline(doc)) {
    for (const technique of dated.entry.attack) {
      const s = seen.get(technique) ?? { entries: [], firstAt: dated.instant.epochMs };
      if (!s.entries.includes(dated.entry.id)) s.entries.push(dated.entry.id);
      seen.set(technique, s);
    }
  }
  for (const [technique, sighting] of sightings) {
    const s = seen.get(technique) ?? { entries: [] };
    s.sightings = sighting;
    if (sighting.firstTs !== undefined && (s.firstAt === undefined || sighting.firstTs < s.firstAt))
      s.firstAt = sighting.firstTs;
    seen.set(technique, s);
  }
  const ordered = [...seen.entries()].sort(
    ([a, sa], [b, sb]) =>
      (sa.firstAt ?? Number.POSITIVE_INFINITY) - (sb.firstAt ?? Number.POSITIVE_INFINITY) ||
      a.localeCompare(b),
  );
  const techniques = ordered.map(([technique, s]): MatrixTechnique => {
    const sigmaMatches = s.sightings?.sigmaMatches ?? 0;
    const toolDetections = s.sightings?.toolDetections ?? 0;
    const name = catalog?.techniques[technique]?.name;
    return {
      technique,
      ...(name === undefined ? {} : { name }),
      tactics: tacticsOf(catalog, technique),
      entries: s.entries,
      sigmaMatches,
      toolDetections,
      count: s.entries.length + sigmaMatches + toolDetections,
      firstSeen: s.firstAt === undefined ? null : toUtcIso(s.firstAt),
    };
  });
  return {
    tactics: catalog?.tactics ?? [],
    techniques,
    catalog: catalog ? { version: catalog.version, credit: catalog.credit } : null,
  };
}

/** The matrix of a stored post-mortem, named by the stored catalogue when there is one. */
export async function readAttackMatrix(db: Kysely<Database>, id: PostMortemId): Promise<AttackMatrix> {
  const { document } = await readPostMortem(db, id);
  const catalog = await storedAttackCatalog(db);
  const sightings = await techniqueSightings(db, id);
  return attackMatrix(document, sightings, catalog);
}
