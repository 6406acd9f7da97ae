/**
 * Semantic checks of a schema-valid post-mortem: what the schema alone cannot see.
 * - errors: duplicate ids, links to ids that do not exist or to the wrong kind of item, fishbone causes under
 *   a category the fishbone does not have;
 * - warnings: milestones out of order (containment before detection, detection before compromise...), an
 *   incomplete recommendation lifecycle, a notification record pointing at an entry that is no notification.
 */

import { lintPostMortem } from './blameless.js';
import { unmatchedNotifications } from './compliance.js';
import { earliestMilestones } from './milestones.js';
import type { EvidenceLinks, PostMortem } from './model.js';
import type { FishboneSubCause, Why } from './model-analysis.js';
import { checkFiveWhys, checkFmeaRescoring } from './root-cause-checks.js';
import type { MilestoneKind } from './vocabulary.js';

/** How serious a finding is: an `error` invalidates the document and blocks import; a `warning` does not. */
export type FindingLevel = 'error' | 'warning';
/** Where a finding points: keys and list indexes from the document root, e.g. `['timeline', 3, 'at']`. */
export type Path = readonly (string | number)[];

/**
 * A problem the semantic checks found in a schema-valid post-mortem: a broken link, a duplicate id, a
 * milestone out of order, an incomplete recommendation...
 */
export interface Finding {
  readonly level: FindingLevel;
  /** Stable machine-readable code, e.g. `dangling_link`. */
  readonly code: string;
  readonly path: Path;
  readonly message: string;
}

/** The kinds of items an id can name. */
type ItemKind =
  | 'person'
  | 'interview'
  | 'evidence item'
  | 'timeline entry'
  | '5 Whys analysis'
  | 'why'
  | 'fishbone cause'
  | 'FMEA row'
  | 'contributing factor'
  | 'root cause'
  | 'vulnerability'
  | 'failed control'
  | 'lesson'
  | 'recommendation'
  | 'notification'
  | 'indicator'
  | 'attachment';

interface Declared {
  readonly kind: ItemKind;
  readonly path: Path;
}

/** Formats a path as `timeline[3].evidence[0]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(document)' : out;
}

/** Calls `visit` for each item of a list with the item's path. */
function each<T>(items: readonly T[], base: Path, visit: (item: T, path: Path) => void): void {
  for (const [i, item] of items.entries()) visit(item, [...base, i]);
}

/** Walks a 5 Whys tree depth-first. */
function eachWhy(whys: readonly Why[], base: Path, visit: (why: Why, path: Path) => void): void {
  each(whys, base, (why, path) => {
    visit(why, path);
    eachWhy(why.whys, [...path, 'whys'], visit);
  });
}

/** Walks fishbone sub-causes depth-first. */
function eachSubCause(
  causes: readonly FishboneSubCause[],
  base: Path,
  visit: (cause: FishboneSubCause, path: Path) => void,
): void {
  each(causes, base, (cause, path) => {
    visit(cause, path);
    eachSubCause(cause.causes, [...path, 'causes'], visit);
  });
}

function collectIds(doc: PostMortem, add: (id: string, kind: ItemKind, path: Path) => void): void {
  const flat: readonly (readonly [readonly { readonly id: string }[], ItemKind, Path])[] = [
    [doc.people, 'person', ['people']],
    [doc.interviews, 'interview', ['interviews']],
    [doc.evidence, 'evidence item', ['evidence']],
    [doc.timeline, 'timeline entry', ['timeline']],
    [doc.analysis.fiveWhys, '5 Whys analysis', ['analysis', 'fiveWhys']],
    [doc.analysis.fishbone.causes, 'fishbone cause', ['analysis', 'fishbone', 'causes']],
    [doc.analysis.fmea, 'FMEA row', ['analysis', 'fmea']],
    [doc.analysis.contributingFactors, 'contributing factor', ['analysis', 'contributingFactors']],
    [doc.analysis.rootCauses, 'root cause', ['analysis', 'rootCauses']],
    [doc.analysis.vulnerabilities, 'vulnerability', ['analysis', 'vulnerabilities']],
    [doc.analysis.failedControls, 'failed control', ['analysis', 'failedControls']],
    [doc.lessons, 'lesson', ['lessons']],
    [doc.recommendations, 'recommendation', ['recommendations']],
    [doc.compliance.notifications, 'notification', ['compliance', 'notifications']],
    [doc.indicators, 'indicator', ['indicators']],
    [doc.attachments, 'attachment', ['attachments']],
  ];
  for (const [items, kind, base] of flat) {
    each(items, base, (item, path) => {
      add(item.id, kind, [...path, 'id']);
    });
  }
  each(doc.analysis.fiveWhys, ['analysis', 'fiveWhys'], (analysis, path) => {
    eachWhy(analysis.whys, [...path, 'whys'], (why, whyPath) => {
      add(why.id, 'why', [...whyPath, 'id']);
    });
  });
  each(doc.analysis.fishbone.causes, ['analysis', 'fishbone', 'causes'], (cause, path) => {
    eachSubCause(cause.causes, [...path, 'causes'], (sub, subPath) => {
      add(sub.id, 'fishbone cause', [...subPath, 'id']);
    });
  });
}

/** One link to check: the id it names, where it is, and which kinds it may name. */
interface Link {
  readonly id: string;
  readonly path: Path;
  readonly allowed: readonly ItemKind[];
}

const ADDRESSABLE: readonly ItemKind[] = [
  'root cause',
  'contributing factor',
  'lesson',
  'FMEA row',
  'why',
  'fishbone cause',
  'vulnerability',
  'failed control',
];

function collectLinks(doc: PostMortem): Link[] {
  const links: Link[] = [];
  const many = (ids: readonly string[], path: Path, allowed: readonly ItemKind[]): void => {
    each(ids, path, (id, at) => {
      links.push({ id, path: at, allowed });
    });
  };
  const one = (id: string | undefined, path: Path, allowed: readonly ItemKind[]): void => {
    if (id !== undefined) links.push({ id, path, allowed });
  };
  const evidenceAndTimeline = (item: EvidenceLinks, path: Path): void => {
    many(item.evidence, [...path, 'evidence'], ['evidence item']);
    many(item.timeline, [...path, 'timeline'], ['timeline entry']);
  };
  const sections: readonly (readonly [readonly EvidenceLinks[], Path])[] = [
    [doc.analysis.fishbone.causes, ['analysis', 'fishbone', 'causes']],
    [doc.analysis.contributingFactors, ['analysis', 'contributingFactors']],
    [doc.analysis.rootCauses, ['analysis', 'rootCauses']],
    [doc.lessons, ['lessons']],
    [doc.indicators, ['indicators']],
  ];
  for (const [items, base] of sections) each(items, base, evidenceAndTimeline);

  each(doc.review.approvals, ['review', 'approvals'], (a, path) =>
    one(a.person, [...path, 'person'], ['person']),
  );
  each(doc.interviews, ['interviews'], (x, path) => {
    one(x.participant, [...path, 'participant'], ['person']);
    one(x.interviewer, [...path, 'interviewer'], ['person']);
    many(x.timeline, [...path, 'timeline'], ['timeline entry']);
    each(x.statements, [...path, 'statements'], (s, at) =>
      one(s.entry, [...at, 'entry'], ['timeline entry']),
    );
  });
  each(doc.timeline, ['timeline'], (x, path) => many(x.evidence, [...path, 'evidence'], ['evidence item']));
  each(doc.analysis.fiveWhys, ['analysis', 'fiveWhys'], (analysis, path) => {
    eachWhy(analysis.whys, [...path, 'whys'], evidenceAndTimeline);
  });
  each(doc.analysis.fishbone.causes, ['analysis', 'fishbone', 'causes'], (cause, path) => {
    eachSubCause(cause.causes, [...path, 'causes'], evidenceAndTimeline);
  });
  each(doc.analysis.rootCauses, ['analysis', 'rootCauses'], (x, path) => {
    many(x.factors, [...path, 'factors'], ['contributing factor']);
  });
  for (const [items, base] of [
    [doc.analysis.vulnerabilities, ['analysis', 'vulnerabilities']],
    [doc.analysis.failedControls, ['analysis', 'failedControls']],
  ] as const) {
    each<{ readonly evidence: readonly string[] }>(items, base, (x, path) => {
      many(x.evidence, [...path, 'evidence'], ['evidence item']);
    });
  }
  each(doc.analysis.attack.techniques, ['analysis', 'attack', 'techniques'], (t, path) => {
    many(t.timeline, [...path, 'timeline'], ['timeline entry']);
  });
  const pz = doc.analysis.patientZero;
  if (pz) {
    evidenceAndTimeline(pz, ['analysis', 'patientZero']);
    one(pz.confirmedBy, ['analysis', 'patientZero', 'confirmedBy'], ['person']);
  }
  each(doc.recommendations, ['recommendations'], (r, path) => {
    many(r.addresses, [...path, 'addresses'], ADDRESSABLE);
    if (r.verification)
      many(r.verification.evidence, [...path, 'verification', 'evidence'], ['evidence item']);
  });
  each(doc.compliance.notifications, ['compliance', 'notifications'], (n, path) => {
    one(n.entry, [...path, 'entry'], ['timeline entry']);
  });
  return links;
}

function article(kind: string): string {
  return /^[aeiouAEIOU]|^FMEA/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function checkIdentity(doc: PostMortem, findings: Finding[]): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  collectIds(doc, (id, kind, path) => {
    const first = declared.get(id);
    if (first) {
      findings.push({
        level: 'error',
        code: 'duplicate_id',
        path,
        message: `duplicate id "${id}": already used by ${article(first.kind)} at ${formatPath(first.path)}; ids must be unique in the whole document`,
      });
    } else {
      declared.set(id, { kind, path });
    }
  });
  for (const link of collectLinks(doc)) {
    const target = declared.get(link.id);
    const wanted = link.allowed.join(' or ');
    if (!target) {
      findings.push({
        level: 'error',
        code: 'dangling_link',
        path: link.path,
        message: `"${link.id}" does not exist; expected the id of ${article(wanted)}`,
      });
    } else if (!link.allowed.includes(target.kind)) {
      findings.push({
        level: 'error',
        code: 'wrong_link_kind',
        path: link.path,
        message: `"${link.id}" is ${article(target.kind)} (${formatPath(target.path)}); expected ${article(wanted)}`,
      });
    }
  }
  return declared;
}

/** Pairs of milestones that should happen in this order; a reversed pair is a warning. */
const MILESTONE_ORDER: readonly (readonly [MilestoneKind, MilestoneKind])[] = [
  ['compromise', 'detection'],
  ['compromise', 'impact-start'],
  ['detection', 'acknowledgement'],
  ['detection', 'escalation'],
  ['detection', 'containment'],
  ['detection', 'eradication'],
  ['detection', 'recovery'],
  ['detection', 'resolution'],
  ['containment', 'eradication'],
  ['eradication', 'recovery'],
  ['recovery', 'resolution'],
  ['awareness', 'notification'],
];

function checkMilestones(doc: PostMortem, findings: Finding[]): void {
  const milestones = earliestMilestones(doc);
  for (const [first, second] of MILESTONE_ORDER) {
    const a = milestones.get(first);
    const b = milestones.get(second);
    if (!a || !b || a.instant.epochMs <= b.instant.epochMs) continue;
    // When either end is known only to the day and both fall on the same day, the order cannot be told.
    const coarse = a.instant.precision === 'date' || b.instant.precision === 'date';
    if (coarse && Math.floor(a.instant.epochMs / 86_400_000) === Math.floor(b.instant.epochMs / 86_400_000))
      continue;
    findings.push({
      level: 'warning',
      code: 'milestone_order',
      path: ['timeline', b.index, 'at'],
      message: `${second} (${b.entry.id}, ${b.entry.at}) is before ${first} (${a.entry.id}, ${a.entry.at}); check the times or the milestone kinds`,
    });
  }
  if (doc.timeline.length > 0 && !milestones.has('detection')) {
    findings.push({
      level: 'warning',
      code: 'missing_milestone',
      path: ['timeline'],
      message: 'no entry has a detection milestone; most clocks count from detection',
    });
  }
}

function checkRecommendations(doc: PostMortem, findings: Finding[]): void {
  doc.recommendations.forEach((r, i) => {
    const path = ['recommendations', i];
    const warn = (code: string, field: string, message: string): void => {
      findings.push({ level: 'warning', code, path: [...path, field], message: `${r.id}: ${message}` });
    };
    const committed = ['accepted', 'in-progress', 'done', 'verified'].includes(r.status);
    if (committed && r.owner === undefined)
      warn('missing_owner', 'owner', `status ${r.status} needs an owner`);
    if (committed && r.due === undefined) warn('missing_due', 'due', `status ${r.status} needs a due date`);
    if (r.status === 'verified' && r.verification === undefined) {
      warn(
        'missing_verification',
        'verification',
        'status verified needs a verification (method, result, evidence)',
      );
    }
    if (r.status === 'risk-accepted' && r.riskAcceptance === undefined) {
      warn(
        'missing_risk_acceptance',
        'riskAcceptance',
        'status risk-accepted needs the approver, rationale and expiry',
      );
    }
    if (r.status === 'rejected' && r.rejectionReason === undefined) {
      warn('missing_rejection_reason', 'rejectionReason', 'status rejected needs a rejection reason');
    }
  });
}

function checkFishbone(doc: PostMortem, findings: Finding[]): void {
  const categories = new Set(doc.analysis.fishbone.categories);
  doc.analysis.fishbone.causes.forEach((c, i) => {
    if (!categories.has(c.category)) {
      findings.push({
        level: 'error',
        code: 'unknown_category',
        path: ['analysis', 'fishbone', 'causes', i, 'category'],
        message: `category "${c.category}" is not one of the fishbone's categories (${[...categories].join(', ')})`,
      });
    }
  });
}

function checkNotifications(doc: PostMortem, declared: Map<string, Declared>, findings: Finding[]): void {
  doc.compliance.notifications.forEach((n, i) => {
    if (n.entry === undefined || declared.get(n.entry)?.kind !== 'timeline entry') return;
    const entry = doc.timeline.find((e) => e.id === n.entry);
    if (entry && entry.milestone?.kind !== 'notification') {
      findings.push({
        level: 'warning',
        code: 'notification_entry',
        path: ['compliance', 'notifications', i, 'entry'],
        message: `${n.id}: timeline entry ${n.entry} is not a notification milestone, so the notification clock will not count it`,
      });
    }
  });
  for (const { index, id, reason } of unmatchedNotifications(doc)) {
    findings.push({
      level: 'warning',
      code: 'notification_unmatched',
      path: ['compliance', 'notifications', index, 'obligation'],
      message: `${id}: ${reason}; no deadline counts it`,
    });
  }
}

/** Runs every semantic check; errors first, then warnings, each in document order. */
export function checkPostMortem(doc: PostMortem): Finding[] {
  const findings: Finding[] = [];
  const declared = checkIdentity(doc, findings);
  checkFishbone(doc, findings);
  checkMilestones(doc, findings);
  checkRecommendations(doc, findings);
  checkNotifications(doc, declared, findings);
  const rootCauses = checkFiveWhys(doc);
  findings.push(...rootCauses, ...checkFmeaRescoring(doc));
  // A root cause already reported as blaming is not reported again by the language review.
  const blamed = new Set(
    rootCauses.filter((f) => f.code === 'blaming_root_cause').map((f) => formatPath(f.path)),
  );
  for (const f of lintPostMortem(doc, { audience: 'internal' })) {
    if (f.category === 'blame' && blamed.has(formatPath(f.path))) continue;
    findings.push({
      level: 'warning',
      code: 'blameless_language',
      path: f.path,
      message: `${f.category} language "${f.text}": ${f.suggestion}`,
    });
  }
  return [...findings.filter((f) => f.level === 'error'), ...findings.filter((f) => f.level === 'warning')];
}
