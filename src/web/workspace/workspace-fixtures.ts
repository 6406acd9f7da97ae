/**
 * Test data for the workspace and timeline component tests: a stored post-mortem document (validated by the
 * file format's schema, so defaults are filled in as the server fills them) and working-timeline events.
 */
import { type PostMortemInput, postMortemSchema } from '../../contract/post-mortem.schema.js';
import type { PostMortem } from '../../core/model.js';
import type { TimelineEvent } from '../timeline/timeline-query.js';

/** The post-mortem the tests open. */
export const DOC_ID = 'INC-2026-014';

/** A stored document as `GET /api/post-mortems/:id` answers it. */
export function storedDoc(overrides: Partial<PostMortemInput> = {}): PostMortem {
  return postMortemSchema.parse({
    apiVersion: 'debrief/v1',
    kind: 'PostMortem',
    id: DOC_ID,
    title: 'Stolen session used against the cloud console',
    severity: 'high',
    types: ['technical'],
    version: 3,
    summary: {
      whatHappened: 'An attacker replayed a stolen session cookie.',
      howDetected: 'A SIEM alert on an impossible journey.',
    },
    impact: { systems: [{ name: 'cloud console', criticality: 'high' }], dataCategories: ['audit logs'] },
    ...overrides,
  }) as PostMortem;
}

/** The ETag of a stored version, in the server's format. */
export function etagOf(version: number): string {
  return `"v${version}-${'0123456789abcdef'}"`;
}

/** Working-timeline event number `n` (one a minute from 2026-03-14T09:00Z). */
export function timelineEvent(n: number, overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  const time = new Date(Date.UTC(2026, 2, 14, 9, 0) + n * 60_000).toISOString();
  return {
    id: `EV-0001#${n}`,
    time,
    timeText: time,
    timeAssumed: false,
    evidence: 'EV-0001',
    format: 'jsonl',
    line: n,
    message: `event number ${n}`,
    fields: { host: `web-${n % 3}`, user_name: 'alice', action: 'login' },
    starred: false,
    tags: [],
    ...overrides,
  };
}
