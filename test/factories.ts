/**
 * Test factories: valid documents with overrides. `buildPostMortem({ severity: 'low' })` gives a complete,
 * schema-valid post-mortem whose fields can be replaced one by one.
 */
import { type PostMortemInput, postMortemSchema } from '../src/contract/post-mortem.schema.js';
import { parsePostMortemId } from '../src/contract/schema-primitives.js';
import type { PostMortemId } from '../src/core/ids.js';
import type { PostMortem } from '../src/core/model.js';

type TimelineInput = NonNullable<PostMortemInput['timeline']>[number];

/** The smallest valid input: the required fields only. */
export function minimalInput(overrides: Partial<PostMortemInput> = {}): PostMortemInput {
  return {
    apiVersion: 'debrief/v1',
    kind: 'PostMortem',
    id: 'INC-2026-001',
    title: 'Test incident',
    severity: 'high',
    types: ['technical'],
    ...overrides,
  };
}

/** A schema-valid document (defaults applied) built from the minimal input plus overrides. */
export function buildPostMortem(overrides: Partial<PostMortemInput> = {}): PostMortem {
  return postMortemSchema.parse(minimalInput(overrides));
}

/** A timeline entry input with sensible defaults. */
export function entry(id: string, at: string, overrides: Partial<TimelineInput> = {}): TimelineInput {
  return { id, at, text: `entry ${id}`, ...overrides };
}

/** A post-mortem id for tests (checked like any other). */
export function pmId(value: string): PostMortemId {
  return parsePostMortemId(value);
}

/**
 * A post-mortem with recommendations due around the test clock (2026-11-22): R-1 overdue since 2026-11-20 (owner
 * P-01, Ada Lovelace), R-2 due on 2026-11-24 (owner "ops team"), then `more`.
 */
export function postMortemWithActions(
  more: readonly object[] = [],
  overrides: Partial<PostMortemInput> = {},
): PostMortem {
  return buildPostMortem({
    id: 'INC-2026-001',
    title: 'Phishing and token theft',
    people: [{ id: 'P-01', name: 'Ada Lovelace', roles: ['facilitator'] }],
    recommendations: [
      {
        id: 'R-1',
        title: 'Enforce MFA',
        type: 'preventive',
        status: 'accepted',
        owner: 'P-01',
        due: '2026-11-20',
        priority: 'high',
      },
      {
        id: 'R-2',
        title: 'Rotate keys',
        type: 'corrective',
        status: 'in-progress',
        owner: 'ops team',
        due: '2026-11-24',
        priority: 'medium',
      },
      ...more,
    ],
    ...overrides,
  } as PostMortemInput);
}
