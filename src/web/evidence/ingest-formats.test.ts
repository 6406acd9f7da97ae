import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../ingest/types.js';
import { INGEST_FORMAT_NAMES } from './ingest-formats.js';

describe('ingest format names', () => {
  it('are the formats the ingest pipeline reads', () => {
    expect([...INGEST_FORMAT_NAMES]).toEqual([...FORMAT_NAMES]);
  });
});
