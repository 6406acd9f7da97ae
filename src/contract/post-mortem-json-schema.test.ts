import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postMortemJsonSchema, postMortemJsonSchemaText } from './post-mortem-json-schema.js';

describe('the generated JSON Schema', () => {
  it('is what docs/postmortem.schema.json holds (run `npm run schema` after changing the schema)', () => {
    expect(readFileSync('docs/postmortem.schema.json', 'utf8')).toBe(postMortemJsonSchemaText());
  });

  it('describes the file as written: only identity fields are required, unknown fields are refused', () => {
    const schema = postMortemJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema.required.sort()).toEqual(['apiVersion', 'id', 'kind', 'severity', 'title', 'types']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('recommendations');
  });
});
