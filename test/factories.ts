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
