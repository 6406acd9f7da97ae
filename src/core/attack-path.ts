/**
 * The attack as a path: the ATT&CK techniques of the curated timeline in order of first occurrence, the attack
 * vector (the first initial-access technique), and the catalogue's mitigations of the techniques seen, as drafts
 * of recommendations. Works without a catalogue (ids and times only) and says what a catalogue would add.
 */
import type { AttackCatalog, AttackTechnique } from './attack-catalog.js';
import { datedTimeline } from './milestones.js';
import type { PostMortem } from './model.js';
import { toUtcIso } from './time.js';

/** One technique of the path, at its first occurrence. */
export interface PathStep {
  readonly technique: string;
  /** UTC instant of the first timeline entry with it. */
  readonly at: string;
  readonly entry: string;
  readonly name?: string;
  readonly tactics: readonly string[];
}

/** The path, the vector and what could not be checked. */
export interface AttackPath {
  readonly steps: readonly PathStep[];
  /** The first initial-access technique of the path, or the one the document names. */
  readonly vector?: { readonly technique: string; readonly name?: string; readonly entry?: string };
  /** How the vector was found, or why it could not be. */
  readonly vectorReason: string;
  /** Technique ids the catalogue does not know, or knows as revoked or deprecated. */
  readonly warnings: readonly string[];
}

/** The technique in the catalogue, falling back to its parent's tactics for a sub-technique without any. */
function lookUp(catalog: AttackCatalog | undefined, id: string): AttackTechnique | undefined {
  return catalog?.techniques[id];
}

/** The attack path of a post-mortem. */
export function attackPath(doc: PostMortem, catalog?: AttackCatalog): AttackPath {
  const first = new Map<string, { at: number; entry: string }>();
  for (const dated of datedTimeline(doc)) {
    for (const technique of dated.entry.attack) {
      if (!first.has(technique)) first.set(technique, { at: dated.instant.epochMs, entry: dated.entry.id });
    }
  }
  const warnings: string[] = [];
  const steps: PathStep[] = [...first.entries()]
    .sort((a, b) => a[1].at - b[1].at)
    .map(([technique, seen]) => {
      const known = lookUp(catalog, technique);
      if (catalog && !known)
        warnings.push(`${technique} (${seen.entry}) is not in ATT&CK ${catalog.version}`);
      else if (known?.revoked)
        warnings.push(`${technique} (${seen.entry}) is revoked in ATT&CK: use its replacement`);
      else if (known?.deprecated) warnings.push(`${technique} (${seen.entry}) is deprecated in ATT&CK`);
      return {
        technique,
        at: toUtcIso(seen.at),
        entry: seen.entry,
        ...(known ? { name: known.name } : {}),
        tactics: known?.tactics ?? [],
      };
    });
  const declared = doc.analysis.attack.initialAccess;
  if (catalog) {
    const vector = steps.find((s) => s.tactics.includes('initial-access'));
    if (vector)
      return {
        steps,
        vector: {
          technique: vector.technique,
          ...(vector.name ? { name: vector.name } : {}),
          entry: vector.entry,
        },
        vectorReason: `the first initial-access technique of the path (${vector.entry})`,
        warnings,
      };
  }
  if (declared !== undefined)
    return {
      steps,
      vector: {
        technique: declared,
        ...(lookUp(catalog, declared) ? { name: lookUp(catalog, declared)?.name as string } : {}),
      },
      vectorReason: 'as the document records it (analysis.attack.initialAccess)',
      warnings,
    };
  return {
    steps,
    vectorReason: catalog
      ? 'no initial-access technique in the timeline'
      : 'not computable: load the ATT&CK catalogue (debrief attack load) to know which techniques are initial access',
    warnings,
  };
}

/** A mitigation of techniques seen, offered as a recommendation draft. */
export interface MitigationDraft {
  readonly mitigation: string;
  readonly name: string;
  readonly url: string;
  /** The techniques of the path it addresses (a sub-technique counts through its parent too). */
  readonly techniques: readonly string[];
  /** MITRE's advice per technique. */
  readonly advice: readonly { readonly technique: string; readonly how: string }[];
  /** The id of a recommendation that already names this mitigation, if any. */
  readonly recommendedBy?: string;
  readonly draft: {
    readonly title: string;
    readonly description: string;
    readonly type: 'preventive';
    readonly priority: 'high' | 'medium';
    readonly status: 'proposed';
  };
}

/** The mitigations of the techniques of the path, most widely useful first. */
export function mitigationDrafts(doc: PostMortem, catalog: AttackCatalog): MitigationDraft[] {
  const path = attackPath(doc, catalog);
  const byMitigation = new Map<
    string,
    { techniques: Set<string>; advice: { technique: string; how: string }[] }
  >();
  for (const step of path.steps) {
    const parent = catalog.techniques[step.technique]?.parent;
    for (const id of parent === undefined ? [step.technique] : [step.technique, parent]) {
      for (const { mitigation, how } of catalog.mitigatedBy[id] ?? []) {
        if (catalog.mitigations[mitigation]?.deprecated !== false) continue;
        const entry = byMitigation.get(mitigation) ?? { techniques: new Set<string>(), advice: [] };
        entry.techniques.add(step.technique);
        if (how !== '' && !entry.advice.some((a) => a.technique === id))
          entry.advice.push({ technique: id, how });
        byMitigation.set(mitigation, entry);
      }
    }
  }
  const vector = path.vector?.technique;
  return [...byMitigation.entries()]
    .map(([id, { techniques, advice }]) => {
      const m = catalog.mitigations[id] as NonNullable<(typeof catalog.mitigations)[string]>;
      const list = [...techniques].sort();
      const recommendedBy = doc.recommendations.find((r) =>
        new RegExp(`\\b${id}\\b`).test(`${r.title} ${r.description ?? ''}`),
      )?.id;
      return {
        mitigation: id,
        name: m.name,
        url: m.url,
        techniques: list,
        advice,
        ...(recommendedBy === undefined ? {} : { recommendedBy }),
        draft: {
          title: `${m.name} (ATT&CK ${id})`,
          description: `Addresses ${list.join(', ')} seen in this incident. ${m.summary}`.trim(),
          type: 'preventive' as const,
          priority: (list.length >= 3 || (vector !== undefined && list.includes(vector))
            ? 'high'
            : 'medium') as 'high' | 'medium',
          status: 'proposed' as const,
        },
      };
    })
    .sort((a, b) => b.techniques.length - a.techniques.length || a.mitigation.localeCompare(b.mitigation));
}
