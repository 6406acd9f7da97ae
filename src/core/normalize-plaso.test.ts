import { describe, expect, it } from 'vitest';
import {
  normalizePlasoDynamic,
  normalizePlasoJson,
  parseL2tCsvTime,
  plasoTagLabels,
} from './normalize-plaso.js';

const at = (date: string, time: string, timezone: string, zone = 'UTC') => {
  const r = parseL2tCsvTime(date, time, timezone, zone);
  return r.ok ? [new Date(r.value.epochMs).toISOString(), r.value.assumed] : r.reason;
};

describe('parseL2tCsvTime', () => {
  it('reads MM/DD/YYYY (month first) and a zone abbreviation as the fixed offset it names', () => {
    expect(at('03/04/2026', '10:00:00', 'UTC')).toEqual(['2026-03-04T10:00:00.000Z', false]);
    expect(at('03/04/2026', '10:00:00', 'EST')).toEqual(['2026-03-04T15:00:00.000Z', false]);
    expect(at('07/04/2026', '10:00:00', 'EDT')).toEqual(['2026-07-04T14:00:00.000Z', false]);
    expect(at('07/04/2026', '10:00:00', 'CEST')).toEqual(['2026-07-04T08:00:00.000Z', false]);
  });

  it('reads a zone name with its daylight saving time at that date', () => {
    expect(at('07/04/2026', '10:00:00', 'Europe/Amsterdam')).toEqual(['2026-07-04T08:00:00.000Z', false]);
    expect(at('01/04/2026', '10:00:00', 'Europe/Amsterdam')).toEqual(['2026-01-04T09:00:00.000Z', false]);
  });

  it('falls back to the assumed zone, flagged, for ambiguous or unknown abbreviations', () => {
    expect(at('01/04/2026', '10:00:00', 'CST', 'Asia/Shanghai')).toEqual(['2026-01-04T02:00:00.000Z', true]);
    expect(at('01/04/2026', '10:00:00', '-', 'UTC')).toEqual(['2026-01-04T10:00:00.000Z', true]);
  });

  it("rejects plaso's 00/00/0000 placeholder, day-first dates past 12 and malformed times", () => {
    expect(at('00/00/0000', '00:00:00', 'UTC')).toBe('"00/00/0000 00:00:00 UTC": the date is out of range');
    expect(at('27/06/2012', '18:17:01', 'UTC')).toBe('"27/06/2012 18:17:01 UTC": the date is out of range');
    expect(at('2012-06-27', '18:17:01', 'UTC')).toBe(
      '"2012-06-27 18:17:01 UTC" is not an l2tcsv date and time',
    );
    expect(at('06/27/2012', '24:00:00', 'UTC')).toBe(
      '"06/27/2012 24:00:00 UTC": the time of day is out of range',
    );
  });
});

describe('plasoTagLabels', () => {
  it('reads space-separated CSV labels, "-" as none, and the json_line event_tag container', () => {
    expect(plasoTagLabels('malware application_execution')).toEqual(['malware', 'application_execution']);
    expect(plasoTagLabels('-')).toEqual([]);
    expect(plasoTagLabels({ __container_type__: 'event_tag', labels: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(plasoTagLabels(['x'])).toEqual(['x']);
  });
});

describe('plaso event tags naming ATT&CK', () => {
  it('turns attack.t…, T… and mitre-attack:T… tags into technique ids and attack.<tactic> into tactics', () => {
    const row = {
      datetime: '2026-03-02T10:00:00+00:00',
      timestamp_desc: 'Creation Time',
      message: 'm',
      tag: 'attack.t1059.001 T1105 mitre-attack:T1566 attack.execution evil',
    };
    const r = normalizePlasoDynamic(row, 'UTC', '');
    expect(r.ok && r.value.labels).toMatchObject({
      'threat.technique.id': 'T1059.001,T1105,T1566',
      'threat.tactic.name': 'Execution',
      'source.tags': 'evil',
    });
    const json = normalizePlasoJson(
      {
        __container_type__: 'event',
        timestamp: 1772445600000000,
        timestamp_desc: 'Creation Time',
        data_type: 'fs:stat',
        tag: { __container_type__: 'event_tag', labels: ['attack.t1003'] },
      },
      '',
    );
    expect(json.ok && json.value.labels?.['threat.technique.id']).toBe('T1003');
    expect(json.ok && json.value.labels?.['source.tags']).toBeUndefined();
  });
});
