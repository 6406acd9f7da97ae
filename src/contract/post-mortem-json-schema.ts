/**
 * The JSON Schema (draft 2020-12) of the post-mortem file, generated from the zod schema. Editors use it for
 * completion and inline errors (`# yaml-language-server: $schema=...`); docs/postmortem.schema.json is this
 * output, kept in sync by a test.
 */
import { z } from 'zod';
import { postMortemSchema } from './post-mortem.schema.js';

/** The schema describes the file as written: optional lists and flags are optional here. */
export function postMortemJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(postMortemSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return { ...schema, $id: 'urn:debrief:schema:postmortem:v1' };
}

/** The schema as the text of docs/postmortem.schema.json. */
export function postMortemJsonSchemaText(): string {
  return `${JSON.stringify(postMortemJsonSchema(), null, 2)}\n`;
}
