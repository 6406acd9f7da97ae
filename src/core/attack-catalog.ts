/**
 * The MITRE ATT&CK catalogue as Debrief uses it: tactics, techniques and sub-techniques, mitigations and which
 * mitigation addresses which technique, read from the official STIX 2.1 bundle (enterprise-attack.json) and kept
 * compact. The data is MITRE's: every place that shows it also shows `catalog.credit`.
 */

/** A tactic, in matrix order. */
export interface AttackTactic {
  readonly id: string;
  readonly name: string;
  /** The kill-chain phase name techniques use, e.g. `initial-access`. */
  readonly shortname: string;
}

/** A technique or sub-technique. */
export interface AttackTechnique {
  readonly id: string;
  readonly name: string;
  /** Tactic short names, e.g. `initial-access`. */
  readonly tactics: readonly string[];
  /** The parent technique of a sub-technique. */
  readonly parent?: string;
  readonly revoked: boolean;
  readonly deprecated: boolean;
  readonly url: string;
}

/** A mitigation (course of action). */
export interface AttackMitigation {
  readonly id: string;
  readonly name: string;
  /** The first paragraph of MITRE's description. */
  readonly summary: string;
  readonly deprecated: boolean;
  readonly url: string;
}

/** The catalogue: what a post-mortem's technique ids are checked and named against. */
export interface AttackCatalog {
  /** `enterprise-attack`. */
  readonly domain: string;
  /** ATT&CK's version when the bundle says it (`x-mitre-collection`), else the date of its newest object. */
  readonly version: string;
  /** MITRE's copyright statement from the bundle's marking definition, shown with the data. */
  readonly credit: string;
  readonly tactics: readonly AttackTactic[];
  readonly techniques: Readonly<Record<string, AttackTechnique>>;
  readonly mitigations: Readonly<Record<string, AttackMitigation>>;
  /** Technique id → the mitigations that address it, with MITRE's advice for that pair. */
  readonly mitigatedBy: Readonly<
    Record<string, readonly { readonly mitigation: string; readonly how: string }[]>
  >;
}

/** What reading a bundle gives: the catalogue, counts, and every object it skipped with the reason. */
export interface CatalogRead {
  readonly catalog: AttackCatalog;
  readonly counts: {
    readonly tactics: number;
    readonly techniques: number;
    readonly mitigations: number;
    readonly mitigates: number;
  };
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

/** The credit line when a bundle carries no statement of its own. */
export const DEFAULT_ATTACK_CREDIT =
  '© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation. MITRE ATT&CK and ATT&CK are registered trademarks of The MITRE Corporation.';

interface StixObject {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly name?: unknown;
  readonly description?: unknown;
  readonly modified?: unknown;
  readonly revoked?: unknown;
  readonly x_mitre_deprecated?: unknown;
  readonly external_references?: unknown;
  readonly [key: string]: unknown;
}

function mitreReference(o: StixObject): { id: string; url: string } | undefined {
  const refs = Array.isArray(o.external_references) ? o.external_references : [];
  const ref = refs.find(
    (r: { source_name?: unknown; external_id?: unknown }) =>
      r?.source_name === 'mitre-attack' && typeof r.external_id === 'string',
  ) as { external_id: string; url?: unknown } | undefined;
  if (!ref) return undefined;
  return { id: ref.external_id, url: typeof ref.url === 'string' ? ref.url : '' };
}

function firstParagraph(text: unknown, max = 600): string {
  const paragraph = (typeof text === 'string' ? text : '').split(/\n\s*\n/)[0] ?? '';
  // MITRE cites sources as (Citation: Name); they mean nothing without the references.
  const clean = paragraph.replace(/\s*\(Citation:[^)]*\)/g, '').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** A current object wins over a revoked or deprecated one that kept the same ATT&CK id. */
function better(
  current: { revoked: boolean; deprecated: boolean } | undefined,
  next: { revoked: boolean; deprecated: boolean },
): boolean {
  if (!current) return true;
  const rank = (x: { revoked: boolean; deprecated: boolean }) => (x.revoked ? 2 : x.deprecated ? 1 : 0);
  return rank(next) < rank(current);
}

/** Reads an ATT&CK STIX bundle (already parsed JSON). Throws a plain Error when it is not one at all. */
export function readAttackBundle(value: unknown): CatalogRead {
  const objects = (value as { objects?: unknown } | null)?.objects;
  if (value === null || typeof value !== 'object' || !Array.isArray(objects))
    throw new Error('not a STIX bundle: no "objects" list');
  const skipped: { id: string; reason: string }[] = [];
  const byStix = new Map<string, string>();
  const tacticsByStix = new Map<string, AttackTactic>();
  const techniques: Record<string, AttackTechnique> = {};
  const mitigations: Record<string, AttackMitigation & { revoked: boolean }> = {};
  let credit: string | undefined;
  let version: string | undefined;
  let newest = '';
  let matrixOrder: string[] = [];
  let domain = 'enterprise-attack';
  for (const o of objects as StixObject[]) {
    const stixId = typeof o?.id === 'string' ? o.id : '(no id)';
    if (typeof o?.modified === 'string' && o.modified > newest) newest = o.modified;
    const revoked = o?.revoked === true;
    const deprecated = o?.x_mitre_deprecated === true;
    switch (o?.type) {
      case 'marking-definition': {
        const statement = (o.definition as { statement?: unknown } | undefined)?.statement;
        if (typeof statement === 'string') credit = statement;
        break;
      }
      case 'x-mitre-collection':
        if (typeof o.x_mitre_version === 'string') version = o.x_mitre_version;
        break;
      case 'x-mitre-matrix':
        if (Array.isArray(o.tactic_refs))
          matrixOrder = o.tactic_refs.filter((r): r is string => typeof r === 'string');
        if (Array.isArray(o.x_mitre_domains) && typeof o.x_mitre_domains[0] === 'string')
          domain = o.x_mitre_domains[0];
        break;
      case 'x-mitre-tactic': {
        const ref = mitreReference(o);
        if (!ref || typeof o.name !== 'string' || typeof o.x_mitre_shortname !== 'string') {
          skipped.push({ id: stixId, reason: 'a tactic without an ATT&CK id, name or short name' });
          break;
        }
        tacticsByStix.set(stixId, { id: ref.id, name: o.name, shortname: o.x_mitre_shortname });
        break;
      }
      case 'attack-pattern': {
        const ref = mitreReference(o);
        if (!ref || typeof o.name !== 'string') {
          skipped.push({ id: stixId, reason: 'a technique without an ATT&CK id or name' });
          break;
        }
        const phases = Array.isArray(o.kill_chain_phases) ? o.kill_chain_phases : [];
        const technique: AttackTechnique = {
          id: ref.id,
          name: o.name,
          tactics: phases
            .filter((p: { kill_chain_name?: unknown }) => p?.kill_chain_name === 'mitre-attack')
            .map((p: { phase_name?: unknown }) => String(p.phase_name)),
          ...(ref.id.includes('.') ? { parent: ref.id.split('.')[0] as string } : {}),
          revoked,
          deprecated,
          url: ref.url,
        };
        if (better(techniques[ref.id], technique)) techniques[ref.id] = technique;
        byStix.set(stixId, ref.id);
        break;
      }
      case 'course-of-action': {
        const ref = mitreReference(o);
        if (!ref || typeof o.name !== 'string') {
          skipped.push({ id: stixId, reason: 'a mitigation without an ATT&CK id or name' });
          break;
        }
        const mitigation = {
          id: ref.id,
          name: o.name,
          summary: firstParagraph(o.description),
          deprecated,
          revoked,
          url: ref.url,
        };
        if (better(mitigations[ref.id], mitigation)) mitigations[ref.id] = mitigation;
        byStix.set(stixId, ref.id);
        break;
      }
      default:
        break;
    }
  }
  const mitigatedBy: Record<string, { mitigation: string; how: string }[]> = {};
  let mitigates = 0;
  for (const o of objects as StixObject[]) {
    if (o?.type !== 'relationship' || o.relationship_type !== 'mitigates' || o.revoked === true) continue;
    const mitigation = byStix.get(String(o.source_ref));
    const technique = byStix.get(String(o.target_ref));
    if (mitigation === undefined || technique === undefined) {
      skipped.push({
        id: String(o.id),
        reason: 'a "mitigates" relationship between objects not in the bundle',
      });
      continue;
    }
    const list = mitigatedBy[technique] ?? [];
    mitigatedBy[technique] = list;
    if (!list.some((m) => m.mitigation === mitigation)) {
      list.push({ mitigation, how: firstParagraph(o.description, 400) });
      mitigates++;
    }
  }
  const tactics = [
    ...matrixOrder.map((ref) => tacticsByStix.get(ref)).filter((t): t is AttackTactic => t !== undefined),
    ...[...tacticsByStix.entries()].filter(([ref]) => !matrixOrder.includes(ref)).map(([, t]) => t),
  ];
  const catalog: AttackCatalog = {
    domain,
    version: version ?? `objects modified up to ${newest.slice(0, 10) || 'unknown'}`,
    credit: credit ?? DEFAULT_ATTACK_CREDIT,
    tactics,
    techniques,
    mitigations: Object.fromEntries(
      Object.entries(mitigations).map(([id, { revoked: _revoked, ...m }]) => [id, m]),
    ),
    mitigatedBy,
  };
  return {
    catalog,
    counts: {
      tactics: tactics.length,
      techniques: Object.keys(techniques).length,
      mitigations: Object.keys(mitigations).length,
      mitigates,
    },
    skipped,
  };
}
