/**
 * The sections of a post-mortem's workspace, one per step of the journey (../shared/DESIGN.md), in the order of
 * the "Sections" navigation. Routes: `/post-mortems/:id/:section` (the shared UI contract).
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

/** The workspace route of a section (`/post-mortems/INC-1/timeline`; the summary is the default route). */
export function sectionPath(postMortemId: string, section: SectionKey): string {
  return `/post-mortems/${encodeURIComponent(postMortemId)}/${section}`;
}
