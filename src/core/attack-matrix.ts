/**
 * The ATT&CK techniques a post-mortem saw, placed on the matrix: the techniques of its curated timeline, of Sigma
 * matches and of imported tool detections (as the Navigator layer gathers them), each with its tactics from the
 * catalogue, its name, counts and first sighting. Without a catalogue the techniques come without tactics or names.
 */
import type { AttackCatalog, AttackTactic } from './attack-catalog.js';
import { type TechniqueSightings, tacticsOf, techniquesSeen } from './attack-layer.js';
import type { PostMortem } from './model.js';
import { toUtcIso } from './time.js';

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

/**
 * Places a document's techniques and its working timeline's sightings on the matrix of `catalog` (the stored parts
 * are read by services/read-attack-matrix.ts).
 */
export function attackMatrix(
  doc: PostMortem,
  sightings: ReadonlyMap<string, TechniqueSightings>,
  catalog: AttackCatalog | undefined,
): AttackMatrix {
  const seen = techniquesSeen(doc, sightings);
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
