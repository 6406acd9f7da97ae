/**
 * The labels that record what a responder's case tool said about a record (Velociraptor, DFIR-IRIS, TheHive),
 * in the keys every tool import shares: `source.tool`, `source.tags`, `source.starred`, `source.comment`,
 * `threat.technique.id` and `threat.tactic.name`. Tags that name ATT&CK techniques or tactics (`attack.t1059.001`,
 * `T1105`, `attack.lateral_movement`) become threat labels; the others stay tags.
 */

/** ATT&CK enterprise tactics, by the slug tags use (`attack.lateral_movement`) and by name. */
const TACTICS: readonly string[] = [
  'Reconnaissance',
  'Resource Development',
  'Initial Access',
  'Execution',
  'Persistence',
  'Privilege Escalation',
  'Defense Evasion',
  'Credential Access',
  'Discovery',
  'Lateral Movement',
  'Collection',
  'Command and Control',
  'Exfiltration',
  'Impact',
];

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z]+/g, '');
const TACTIC_BY_SLUG = new Map(TACTICS.map((name) => [slug(name), name]));

/** The ATT&CK tactic a name or slug denotes (`lateral_movement`, `Lateral Movement`), or undefined. */
export function tacticName(text: string): string | undefined {
  return TACTIC_BY_SLUG.get(slug(text));
}

const TECHNIQUE = /^(?:attack[.:]|mitre[.:-]?(?:attack)?[.:=-]?)?(t\d{4}(?:\.\d{3})?)$/i;

/** Tags split into ATT&CK technique ids (uppercase), tactic names, and the other tags, each deduplicated. */
export function splitToolTags(tags: readonly string[]): {
  readonly techniques: readonly string[];
  readonly tactics: readonly string[];
  readonly tags: readonly string[];
} {
  const techniques = new Set<string>();
  const tactics = new Set<string>();
  const rest = new Set<string>();
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === '') continue;
    const technique = TECHNIQUE.exec(tag)?.[1];
    if (technique !== undefined) {
      techniques.add(technique.toUpperCase());
      continue;
    }
    const tactic = /^attack\./i.test(tag) ? tacticName(tag.slice(7)) : undefined;
    if (tactic !== undefined) tactics.add(tactic);
    else rest.add(tag);
  }
  return { techniques: [...techniques], tactics: [...tactics], tags: [...rest] };
}

/** What a case tool said about a record. */
export interface ToolMarks {
  readonly tool: 'velociraptor' | 'iris' | 'thehive';
  readonly tags?: readonly string[];
  readonly tactics?: readonly string[];
  readonly starred?: boolean;
  readonly comments?: readonly string[];
}

/** The shared `source.*` and `threat.*` labels for what a case tool said. */
export function toolLabels(marks: ToolMarks): Record<string, string> {
  const labels: Record<string, string> = { 'source.tool': marks.tool };
  const split = splitToolTags(marks.tags ?? []);
  const tactics = [...new Set([...(marks.tactics ?? []), ...split.tactics])];
  if (split.tags.length > 0) labels['source.tags'] = split.tags.join(',').slice(0, 1000);
  if (split.techniques.length > 0) labels['threat.technique.id'] = split.techniques.join(',');
  if (tactics.length > 0) labels['threat.tactic.name'] = tactics.join(',');
  if (marks.starred) labels['source.starred'] = 'true';
  const comments = (marks.comments ?? []).map((c) => c.trim()).filter((c) => c !== '');
  if (comments.length > 0) labels['source.comment'] = comments.join(' | ').slice(0, 1000);
  return labels;
}
