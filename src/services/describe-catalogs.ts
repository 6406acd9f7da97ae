/**
 * What the shared catalogues hold: the ATT&CK catalogue loaded (version, origin, MITRE's credit) and the Sigma
 * rules stored (how many, how many Debrief can run, and why the others cannot run, grouped by reason).
 */
import type { Kysely } from 'kysely';
import type { CatalogRead } from '../core/attack-catalog.js';
import { DomainError } from '../core/errors.js';
import { findAttackCatalog } from '../db/attack-catalog.repository.js';
import type { Database } from '../db/database.js';
import { listSigmaRules } from '../db/sigma.repository.js';

/** The loaded ATT&CK catalogue and where it came from. */
export interface AttackCatalogStatus {
  readonly domain: string;
  readonly version: string;
  readonly source: string;
  readonly sha256: string;
  readonly loadedAt: string;
  readonly loadedBy: string;
  readonly counts: { readonly tactics: number; readonly techniques: number; readonly mitigations: number };
  readonly credit: string;
}

/** The loaded ATT&CK catalogue; `not_found` saying how to load one when there is none. */
export async function describeAttackCatalog(db: Kysely<Database>): Promise<AttackCatalogStatus> {
  const found = await findAttackCatalog(db);
  if (!found)
    throw new DomainError(
      'not_found',
      'no ATT&CK catalogue is loaded: POST the bundle to /api/settings/attack-catalog, or run "debrief attack load enterprise-attack.json"',
    );
  const { catalog, origin } = found;
  return {
    domain: catalog.domain,
    version: catalog.version,
    source: origin.source,
    sha256: origin.sha256,
    loadedAt: origin.loadedAt,
    loadedBy: origin.loadedBy,
    counts: {
      tactics: catalog.tactics.length,
      techniques: Object.keys(catalog.techniques).length,
      mitigations: Object.keys(catalog.mitigations).length,
    },
    credit: catalog.credit,
  };
}

/** What `debrief attack load --json` prints about a bundle it loaded (and the API answers). */
export function attackLoadSummary(read: CatalogRead & { readonly sha256: string }) {
  const { catalog } = read;
  return {
    domain: catalog.domain,
    version: catalog.version,
    sha256: read.sha256,
    counts: read.counts,
    skipped: read.skipped,
    credit: catalog.credit,
  };
}

/** The stored Sigma rules, counted. */
export interface SigmaRulesStatus {
  readonly loaded: number;
  readonly runnable: number;
  readonly notRunnable: number;
  /** Why rules cannot run, most frequent first. */
  readonly problems: readonly { readonly reason: string; readonly rules: number }[];
  /** Where the rules came from, with the latest load of each. */
  readonly sources: readonly {
    readonly source: string;
    readonly rules: number;
    readonly loadedAt: string;
    readonly loadedBy: string;
  }[];
}

/** Counts the stored Sigma rules (none loaded is an answer: zero). */
export async function describeSigmaRules(db: Kysely<Database>): Promise<SigmaRulesStatus> {
  const rules = await listSigmaRules(db);
  const reasons = new Map<string, number>();
  const sources = new Map<string, { rules: number; loadedAt: string; loadedBy: string }>();
  for (const r of rules) {
    if (r.problem !== null) reasons.set(r.problem, (reasons.get(r.problem) ?? 0) + 1);
    const s = sources.get(r.source);
    if (!s) sources.set(r.source, { rules: 1, loadedAt: r.loadedAt, loadedBy: r.loadedBy });
    else {
      s.rules++;
      if (r.loadedAt > s.loadedAt) Object.assign(s, { loadedAt: r.loadedAt, loadedBy: r.loadedBy });
    }
  }
  const notRunnable = rules.filter((r) => r.problem !== null).length;
  return {
    loaded: rules.length,
    runnable: rules.length - notRunnable,
    notRunnable,
    problems: [...reasons]
      .map(([reason, n]) => ({ reason, rules: n }))
      .sort((a, b) => b.rules - a.rules || a.reason.localeCompare(b.reason)),
    sources: [...sources]
      .map(([source, s]) => ({ source, ...s }))
      .sort((a, b) => a.source.localeCompare(b.source)),
  };
}
