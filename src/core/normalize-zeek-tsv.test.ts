import { describe, expect, it } from 'vitest';
import {
  normalizeZeekRecord,
  unescapeZeek,
  ZEEK_DEFAULT_MARKERS,
  zeekTsvValue,
} from './normalize-zeek-tsv.js';

describe('zeekTsvValue', () => {
  const m = ZEEK_DEFAULT_MARKERS;

  it('reads the unset marker as no value and the empty marker as an empty set or string', () => {
    expect(zeekTsvValue('-', 'string', m)).toBeUndefined();
    expect(zeekTsvValue('(empty)', 'set[string]', m)).toEqual([]);
    expect(zeekTsvValue('(empty)', 'string', m)).toBe('');
  });

  it('splits sets and vectors on the set separator and types their elements', () => {
    expect(zeekTsvValue('1.2.3.4,5.6.7.8', 'vector[addr]', m)).toEqual(['1.2.3.4', '5.6.7.8']);
    expect(zeekTsvValue('60.0,30.5', 'vector[interval]', m)).toEqual([60, 30.5]);
    expect(zeekTsvValue('a;b', 'set[string]', { ...m, setSeparator: ';' })).toEqual(['a', 'b']);
  });

  it('reads bools as booleans and numeric types as numbers, and leaves strings alone', () => {
    expect(zeekTsvValue('T', 'bool', m)).toBe(true);
    expect(zeekTsvValue('F', 'bool', m)).toBe(false);
    expect(zeekTsvValue('1692190925.123456', 'time', m)).toBe(1692190925.123456);
    expect(zeekTsvValue('445', 'port', m)).toBe(445);
    expect(zeekTsvValue('00123', 'string', m)).toBe('00123');
  });

  it('honors markers a header redefines', () => {
    const custom = { setSeparator: '|', emptyField: 'EMPTY', unsetField: 'NONE' };
    expect(zeekTsvValue('NONE', 'string', custom)).toBeUndefined();
    expect(zeekTsvValue('EMPTY', 'set[string]', custom)).toEqual([]);
    expect(zeekTsvValue('-', 'string', custom)).toBe('-');
  });
});

describe('unescapeZeek', () => {
  it('decodes \\xHH runs as UTF-8, with Latin-1 for invalid sequences', () => {
    expect(unescapeZeek('evil\\x09domain')).toBe('evil\tdomain');
    expect(unescapeZeek('caf\\xc3\\xa9')).toBe('café');
    expect(unescapeZeek('\\xff\\x41')).toBe('ÿA');
    expect(unescapeZeek('no escapes \\n')).toBe('no escapes \\n');
  });
});

describe('normalizeZeekRecord', () => {
  it('names the dataset after the log path and reads source and destination from id.*', () => {
    const event = normalizeZeekRecord(
      'conn',
      {
        ts: 1692190925.5,
        uid: 'C1',
        'id.orig_h': '10.0.0.5',
        'id.orig_p': 49712,
        'id.resp_h': '10.0.0.10',
        'id.resp_p': 445,
        proto: 'tcp',
        conn_state: 'SF',
      },
      'UTC',
    );
    expect(event).toMatchObject({
      ok: true,
      value: {
        time: { epochMs: 1692190925500, assumed: false },
        dataset: 'zeek.conn',
        sourceIp: '10.0.0.5',
        sourcePort: 49712,
        destinationIp: '10.0.0.10',
        destinationPort: 445,
        labels: { uid: 'C1', conn_state: 'SF' },
      },
    });
  });

  it('fails without ts', () => {
    expect(normalizeZeekRecord('dns', { query: 'x' }, 'UTC').ok).toBe(false);
  });
});
