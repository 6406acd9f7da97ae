/**
 * The sections of a post-mortem's workspace, one per step of the journey (../shared/DESIGN.md), in the order of
 * the "Sections" navigation. Routes: `/post-mortems/:id/:section` (the shared UI contract). A section that has
 * no screen yet says which CLI command and API route give it today.
 */
import type { PostMortem } from '../../core/model.js';

/** The section keys of the shared UI contract (the `:section` route parameter). */
export const SECTION_KEYS = [
  'summary',
  'people',
  'evidence',
  'timeline',
  'curated',
  'analysis',
  'evaluation',
  'recommendations',
  'indicators',
  'attack',
  'compliance',
  'report',
] as const;
/** One section of the workspace. */
export type SectionKey = (typeof SECTION_KEYS)[number];

/** The link text of each section in the "Sections" navigation (the e2e test finds them by these names). */
export const SECTION_LABELS: Readonly<Record<SectionKey, string>> = {
  summary: 'Summary',
  people: 'People',
  evidence: 'Evidence',
  timeline: 'Working timeline',
  curated: 'Curated timeline',
  analysis: 'Analysis',
  evaluation: 'Evaluation',
  recommendations: 'Recommendations',
  indicators: 'Indicators',
  attack: 'ATT&CK',
  compliance: 'Compliance',
  report: 'Report',
};

/** Is `value` a section key? */
export function isSectionKey(value: string): value is SectionKey {
  return (SECTION_KEYS as readonly string[]).includes(value);
}

/** What a section receives from the workspace: the document, its ETag, and how to replace or reload it. */
export interface SectionProps {
  readonly postMortemId: string;
  readonly doc: PostMortem;
  /** The ETag of `doc`: send it as `If-Match` when writing. */
  readonly etag: string | undefined;
  /** A write stored a new version: the workspace shows it (and keeps its ETag). */
  readonly onSaved: (doc: PostMortem, etag: string | undefined) => void;
  /** The document changed on the server through another route (a promotion): read it again. */
  readonly reload: () => void;
}

/** How a section without its own screen yet is reached today: CLI commands and API routes (`:id` replaced). */
export interface SectionWayToday {
  readonly what: string;
  readonly cli: readonly string[];
  readonly api: readonly string[];
}

/** The ways to each section that has no screen in this version. */
export const SECTIONS_TODAY: Readonly<Partial<Record<SectionKey, SectionWayToday>>> = {
  people: {
    what: 'People, roles, interviews and the review session',
    cli: [
      'debrief export <id>, edit people, interviews and review.session, then debrief import',
      'debrief member list <id>',
      'debrief calendar <id>',
    ],
    api: [
      'GET /api/post-mortems/:id/members',
      'PUT /api/post-mortems/:id (the whole document, with If-Match)',
      'GET /api/post-mortems/:id/calendar',
    ],
  },
  evidence: {
    what: 'Evidence upload, hashes, chain of custody and ingest status',
    cli: [
      'debrief evidence add <id> <files...>',
      'debrief ingest <id> <files...>',
      'debrief evidence list|show|verify|rejects <id>',
    ],
    api: [
      'POST /api/post-mortems/:id/evidence?name=FILE&ingest=true',
      'GET /api/post-mortems/:id/evidence',
      'GET /api/post-mortems/:id/jobs',
      'GET /api/post-mortems/:id/rejects',
    ],
  },
  analysis: {
    what: 'Root cause analysis: 5 Whys, fishbone, FMEA',
    cli: ['debrief diagram <id>', 'debrief validate <file>', 'debrief lint <id>'],
    api: [
      'GET /api/post-mortems/:id/diagram?format=svg',
      'GET /api/post-mortems/:id/checks',
      'PUT /api/post-mortems/:id',
    ],
  },
  evaluation: {
    what: 'Response evaluation scorecard and lessons learned',
    cli: ['debrief evaluate <id>', 'debrief playbook check <id> --playbook <file>'],
    api: ['GET /api/post-mortems/:id/evaluation', 'POST /api/post-mortems/:id/playbook/check'],
  },
  recommendations: {
    what: 'Recommendations by status, owners, due dates, verification and risk acceptance',
    cli: [
      'debrief actions --post-mortem <id>',
      'debrief action update <id> <recommendation>',
      'debrief track push|pull <id>',
    ],
    api: ['GET /api/actions?postMortem=:id', 'PATCH /api/post-mortems/:id/recommendations/:recommendationId'],
  },
  indicators: {
    what: 'Indicators of compromise',
    cli: ['debrief ioc list <id>', 'debrief ioc scan <id>', 'debrief ioc export <id>'],
    api: [
      'GET /api/post-mortems/:id/indicators',
      'POST /api/post-mortems/:id/indicators/scan',
      'GET /api/post-mortems/:id/indicators/export?format=stix',
    ],
  },
  attack: {
    what: 'ATT&CK techniques, patient zero and lateral movement',
    cli: [
      'debrief attack path <id>',
      'debrief attack layer <id>',
      'debrief patient-zero <id>',
      'debrief lateral <id>',
    ],
    api: [
      'GET /api/post-mortems/:id/attack-path',
      'GET /api/post-mortems/:id/attack/layer',
      'GET /api/post-mortems/:id/patient-zero',
      'GET /api/post-mortems/:id/lateral',
    ],
  },
  compliance: {
    what: 'Regulatory notification clocks',
    cli: ['debrief compliance <id>'],
    api: ['GET /api/post-mortems/:id/compliance'],
  },
};

/** The workspace route of a section (`/post-mortems/INC-1/timeline`; the summary is the default route). */
export function sectionPath(postMortemId: string, section: SectionKey): string {
  return `/post-mortems/${encodeURIComponent(postMortemId)}/${section}`;
}
