import { describe, expect, it } from 'vitest';
import { listOf, normalizeTimesketch } from './normalize-timesketch.js';

describe('listOf', () => {
  it('reads lists as JSON, as a pandas-written Python list, or comma-separated text', () => {
    expect(listOf(['a', 'b'])).toEqual(['a', 'b']);
    expect(listOf('["a", "b"]')).toEqual(['a', 'b']);
    expect(listOf("['__ts_star', 'it\\'s evil']")).toEqual(['__ts_star', "it's evil"]);
    expect(listOf('suspicious,recon')).toEqual(['suspicious', 'recon']);
    expect(listOf('[]')).toEqual([]);
    expect(listOf('')).toEqual([]);
    expect(listOf([{ name: '__ts_star', sketch_id: 1 }, { comment: 'seen' }])).toEqual(['__ts_star', 'seen']);
  });
});

describe('normalizeTimesketch', () => {
  const base = { message: 'm', datetime: '2026-03-02T10:00:00+00:00', timestamp_desc: 'Write time' };

  it('marks a starred event, keeps internal labels out of the tags and cuts comments at 1000 characters', () => {
    const r = normalizeTimesketch(
      {
        ...base,
        label: ['__ts_star', '__ts_comment', '__ts_hidden', 'evil'],
        comment: ['x'.repeat(900), 'y'.repeat(200)],
      },
      'UTC',
      '',
    );
    expect(r.ok && r.value.labels?.['source.starred']).toBe('true');
    expect(r.ok && r.value.labels?.['source.tags']).toBe('evil');
    expect(r.ok && r.value.labels?.['source.comment']?.length).toBe(1000);
  });

  it('gives an unstarred, untagged event only the tool label among the marks', () => {
    const r = normalizeTimesketch({ ...base, label: [], tag: [] }, 'UTC', '');
    expect(r.ok && Object.keys(r.value.labels ?? {}).filter((k) => k.startsWith('source.'))).toEqual([
      'source.tool',
    ]);
  });

  it('rejects an unreadable datetime without a timestamp', () => {
    expect(normalizeTimesketch({ ...base, datetime: 'yesterday' }, 'UTC', '')).toEqual({
      ok: false,
      reason: '"yesterday" is not an ISO 8601 time',
    });
  });
});

describe('Timesketch tags naming ATT&CK', () => {
  it('turns technique tags and labels into threat.technique.id, attack.<tactic> into a tactic, keeps the rest', () => {
    const r = normalizeTimesketch(
      {
        message: 'm',
        datetime: '2026-03-02T10:00:00+00:00',
        timestamp_desc: 'Write time',
        tag: ['attack.t1059.001', 'T1105', 'suspicious'],
        label: ['__ts_star', 'mitre-attack:T1566', 'attack.lateral_movement'],
      },
      'UTC',
      '',
    );
    expect(r.ok && r.value.labels).toMatchObject({
      'source.starred': 'true',
      'source.tags': 'suspicious',
      'threat.technique.id': 'T1059.001,T1105,T1566',
      'threat.tactic.name': 'Lateral Movement',
    });
  });
});
