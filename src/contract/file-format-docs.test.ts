import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COMPLIANCE_REGIMES,
  CONTRIBUTING_FACTOR_CATEGORIES,
  DETECTION_SOURCES,
  EVIDENCE_KINDS,
  INDICATOR_TYPES,
  LESSON_CATEGORIES,
  MILESTONE_KINDS,
  RECOMMENDATION_STATUSES,
  REVIEW_ROLES,
} from '../core/vocabulary.js';
import { postMortemJsonSchema } from './post-mortem-json-schema.js';

const docs = readFileSync('docs/file-format.md', 'utf8');

/** Every property name anywhere in the JSON Schema. */
function propertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) propertyNames(item, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const name of Object.keys(value)) into.add(name);
      }
      propertyNames(value, into);
    }
  }
  return into;
}

describe('docs/file-format.md', () => {
  it('names every field of the file format', () => {
    const missing = [...propertyNames(postMortemJsonSchema())].filter(
      (name) => !docs.includes(`\`${name}\``),
    );
    expect(missing).toEqual([]);
  });

  it('lists every value of the closed vocabularies', () => {
    const vocabularies = [
      ...MILESTONE_KINDS,
      ...DETECTION_SOURCES,
      ...CONTRIBUTING_FACTOR_CATEGORIES,
      ...LESSON_CATEGORIES,
      ...RECOMMENDATION_STATUSES,
      ...REVIEW_ROLES,
      ...EVIDENCE_KINDS,
      ...INDICATOR_TYPES,
      ...COMPLIANCE_REGIMES,
    ];
    expect(vocabularies.filter((value) => !docs.includes(`\`${value}\``))).toEqual([]);
  });
});
