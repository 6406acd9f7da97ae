/**
 * The techniques a post-mortem saw, as an ATT&CK Navigator layer (layer format 4.5): one technique object per
 * technique (or per technique and tactic when scored by phase), with a comment, metadata and links back to the
 * post-mortem, so the team can open the incident on the matrix. Techniques come from three places: the curated
 * timeline (the attack path), Sigma matches on the working timeline, and detections imported from other tools
 * (events labelled `threat.technique.id`).
 */
import type { AttackCatalog } from './attack-catalog.js';
import { datedTimeline } from './milestones.js';
import type { PostMortem } from './model.js';
import { toUtcIso } from './time.js';

/** How techniques are scored: by how many events and entries show them, or by the tactic's place in the matrix. */
export const ATTACK_LAYER_SCORES = ['events', 'phase'] as const;
export type AttackLayerScore = (typeof ATTACK_LAYER_SCORES)[number];

/** The layer format version written, and the oldest Navigator that reads it (the spec: "at least 4.9.0"). */
export const LAYER_FORMAT_VERSION = '4.5' as const;
export const NAVIGATOR_VERSION = '4.9.1';

/**
 * The Enterprise tactics in matrix order, for a layer scored by phase when no catalogue is loaded (the catalogue's
 * own order wins when there is one).
 */
export const ENTERPRISE_TACTIC_ORDER = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;

/** What the working timeline says about one technique: Sigma matches and imported tool detections. */
export interface TechniqueSightings {
  /** Sigma matches (one per rule and event) naming the technique. */
  readonly sigmaMatches: number;
  /** The Sigma rules that matched, by title. */
  readonly sigmaRules: readonly string[];
  /** Events whose `threat.technique.id` label names the technique (detections imported from other tools). */
  readonly toolDetections: number;
  /** Epoch milliseconds of the first event seen with the technique, if any. */
  readonly firstTs?: number;
}

export interface LayerTechnique {
  techniqueID: string;
  tactic?: string;
  score?: number;
  color?: string;
  comment: string;
  enabled: boolean;
  metadata: { name: string; value: string }[];
  links: { label: string; url: string }[];
  showSubtechniques: boolean;
}

/** A Navigator layer as Debrief writes it (a subset of the 4.5 format's properties). */
export interface NavigatorLayer {
  name: string;
  versions: { attack?: string; navigator: string; layer: typeof LAYER_FORMAT_VERSION };
  domain: 'enterprise-attack';
  description: string;
  sorting: 0 | 1 | 2 | 3;
  layout: { layout: 'side'; showID: boolean; showName: boolean; expandedSubtechniques: 'annotated' };
  hideDisabled: boolean;
  techniques: LayerTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  metadata: { name: string; value: string }[];
  links: { label: string; url: string }[];
  showTacticRowBackground: boolean;
  tacticRowBackground: string;
  selectTechniquesAcrossTactics: boolean;
  selectSubtechniquesWithParent: boolean;
  selectVisibleTechniques: boolean;
}

export interface AttackLayerOptions {
  readonly score: AttackLayerScore;
  readonly catalog?: AttackCatalog;
  /** Technique id → what the working timeline says about it. */
  readonly sightings: ReadonlyMap<string, TechniqueSightings>;
  /** Where Debrief is served (DEBRIEF_PUBLIC_URL), for links back to the post-mortem. */
  readonly publicUrl?: string;
}

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

/** Technique ids in a label value such as `T1059.001,t1105` or `attack.t1059`, normalized and deduplicated. */
export function techniqueIdsIn(value: string): string[] {
  const ids = value
    .split(/[,;\s|]+/)
    .map((part) =>
      part
        .trim()
        .replace(/^attack\./i, '')
        .toUpperCase(),
    )
    .filter((id) => TECHNIQUE_ID.test(id));
  return [...new Set(ids)];
}

/** Where the post-mortem is, when Debrief's address is known. */
export function postMortemUrl(publicUrl: string | undefined, id: string): string | undefined {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/post-mortems/${encodeURIComponent(id)}` : undefined;
}

/** The ATT&CK major version Navigator knows (`16.1` → `16`), or undefined when the catalogue's is a date. */
function navigatorAttackVersion(catalog: AttackCatalog | undefined): string | undefined {
  const m = /^(\d+)(?:\.\d+)*$/.exec(catalog?.version ?? '');
  return m?.[1];
}

/** Where a technique was seen: curated timeline entries, the first instant, and the working timeline's sightings. */
export interface TechniqueSeen {
  entries: string[];
  firstAt?: number;
  sightings?: TechniqueSightings;
}

/**
 * Every technique of the post-mortem with where it was seen: its curated timeline entries and the sightings in
 * its working timeline (Sigma matches, imported tool detections), with the first instant of either.
 */
export function techniquesSeen(
  doc: PostMortem,
  sightings: ReadonlyMap<string, TechniqueSightings>,
): Map<string, TechniqueSeen> {
  const seen = new Map<string, TechniqueSeen>();
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
  return seen;
}

/** The tactics of a technique by the catalogue, falling back to its parent's for a sub-technique without any. */
export function tacticsOf(catalog: AttackCatalog | undefined, technique: string): readonly string[] {
  const known = catalog?.techniques[technique];
  if (known && known.tactics.length > 0) return known.tactics;
  const parent = technique.includes('.') ? catalog?.techniques[technique.split('.')[0] as string] : undefined;
  return parent?.tactics ?? [];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The Navigator layer of a post-mortem's techniques, scored as asked. */
export function attackLayer(doc: PostMortem, options: AttackLayerOptions): NavigatorLayer {
  const { catalog, score } = options;
  const url = postMortemUrl(options.publicUrl, doc.id);
  const backLinks = url ? [{ label: `${doc.id} in Debrief`, url }] : [];
  const tacticOrder: readonly string[] = catalog
    ? catalog.tactics.map((t) => t.shortname)
    : ENTERPRISE_TACTIC_ORDER;
  const techniques: LayerTechnique[] = [];
  const sorted = [...techniquesSeen(doc, options.sightings).entries()].sort((a, b) =>
    a[0].localeCompare(b[0]),
  );
  for (const [technique, s] of sorted) {
    const sigma = s.sightings?.sigmaMatches ?? 0;
    const tools = s.sightings?.toolDetections ?? 0;
    const parts = [
      s.entries.length > 0
        ? `${s.entries.length === 1 ? '1 timeline entry' : `${s.entries.length} timeline entries`} (${s.entries.join(', ')})`
        : '',
      sigma > 0 ? `${plural(sigma, 'Sigma match')} (${(s.sightings?.sigmaRules ?? []).join('; ')})` : '',
      tools > 0 ? `${plural(tools, 'tool detection')}` : '',
    ].filter(Boolean);
    const comment = `${doc.id}: ${parts.join(', ')}${url ? ` — ${url}` : ''}`;
    const metadata = [
      { name: 'post-mortem', value: doc.id },
      ...(s.firstAt === undefined ? [] : [{ name: 'first seen', value: toUtcIso(s.firstAt) }]),
      { name: 'timeline entries', value: s.entries.join(', ') || 'none' },
      { name: 'Sigma matches', value: String(sigma) },
      { name: 'tool detections', value: String(tools) },
    ];
    const base = {
      techniqueID: technique,
      comment,
      enabled: true,
      metadata,
      links: backLinks,
      showSubtechniques: false,
    };
    if (score === 'events') {
      techniques.push({ ...base, score: s.entries.length + sigma + tools });
      continue;
    }
    // By phase: one object per tactic, scored by the tactic's place in the matrix (1 = the first tactic).
    const tactics = tacticsOf(catalog, technique).filter((t) => tacticOrder.includes(t));
    if (tactics.length === 0) {
      techniques.push({
        ...base,
        comment: `${comment} (tactic unknown${catalog ? '' : ': load the ATT&CK catalogue'}, unscored)`,
      });
      continue;
    }
    for (const tactic of tactics)
      techniques.push({ ...base, tactic, score: tacticOrder.indexOf(tactic) + 1 });
  }
  // Parents of annotated sub-techniques open by default, so the annotation is visible on the matrix.
  for (const t of techniques)
    t.showSubtechniques = techniques.some((o) => o.techniqueID.startsWith(`${t.techniqueID}.`));
  const maxEvents = Math.max(1, ...techniques.map((t) => t.score ?? 0));
  const gradient =
    score === 'events'
      ? { colors: ['#ffe766', '#ff6666'], minValue: 0, maxValue: maxEvents }
      : { colors: ['#8ec843', '#ffe766', '#ff6666'], minValue: 1, maxValue: Math.max(2, tacticOrder.length) };
  const attackVersion = navigatorAttackVersion(catalog);
  return {
    name: `${doc.id}: ${doc.title}`.slice(0, 200),
    versions: {
      ...(attackVersion ? { attack: attackVersion } : {}),
      navigator: NAVIGATOR_VERSION,
      layer: LAYER_FORMAT_VERSION,
    },
    domain: 'enterprise-attack',
    description:
      score === 'events'
        ? `Techniques seen in post-mortem ${doc.id}, scored by the number of timeline entries, Sigma matches and imported tool detections showing them.`
        : `Techniques seen in post-mortem ${doc.id}, scored by the tactic's place in the ATT&CK matrix (1 = ${tacticOrder[0] ?? 'first'}).`,
    sorting: score === 'events' ? 3 : 0,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient,
    legendItems:
      score === 'events'
        ? [
            { label: 'seen once', color: '#ffe766' },
            { label: `seen ${maxEvents} times`, color: '#ff6666' },
          ]
        : [
            { label: 'early in the attack', color: '#8ec843' },
            { label: 'late in the attack', color: '#ff6666' },
          ],
    metadata: [
      { name: 'post-mortem', value: doc.id },
      { name: 'severity', value: doc.severity },
      { name: 'score', value: score },
      ...(catalog ? [{ name: 'ATT&CK catalogue', value: catalog.version }] : []),
    ],
    links: backLinks,
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
  };
}
