import { describe, expect, it } from 'vitest';
import {
  firstYearFromReference,
  invalidDayInYear,
  nextYearStep,
  readBsdTimestamp,
  type YearStep,
  yearStatedInMessage,
} from './syslog-year.js';

const steps = (months: readonly number[]): YearStep[] => {
  const out: YearStep[] = [];
  let step: YearStep | undefined;
  for (const month of months) {
    step = nextYearStep(step, month);
    out.push(step);
  }
  return out;
};

describe('nextYearStep', () => {
  it('keeps the year while months run forward', () => {
    expect(steps([3, 3, 4, 7, 11]).map((s) => s.offset)).toEqual([0, 0, 0, 0, 0]);
  });

  it('starts a new year when December is followed by January', () => {
    expect(steps([11, 12, 1, 2, 12, 1]).map((s) => s.offset)).toEqual([0, 0, 1, 1, 0, 1]);
  });

  it('reads a late December line after January as the year before, not two years on', () => {
    expect(steps([12, 1, 12, 1, 1]).map((s) => s.offset)).toEqual([0, 1, 0, 1, 1]);
  });

  it('counts every rollover of a log spanning several years', () => {
    expect(steps([12, 1, 6, 12, 1, 6, 9, 12, 1]).at(-1)?.offset).toBe(3);
  });

  it('treats lines a few months out of order as the same year', () => {
    expect(steps([6, 2, 6]).map((s) => s.offset)).toEqual([0, 0, 0]);
  });
});

describe('firstYearFromReference', () => {
  it('puts the last record in the collection year when its date is not after the collection date', () => {
    expect(firstYearFromReference({ month: 3, day: 14, offset: 0 }, '2026-03-14')).toBe(2026);
  });

  it('puts the last record in the year before when its month and day come after the collection date', () => {
    expect(firstYearFromReference({ month: 12, day: 31, offset: 0 }, '2026-01-05T08:00:00Z')).toBe(2025);
  });

  it('subtracts the rollovers between the first and the last record', () => {
    // Dec 2025 → Jan 2026: the last record is in January 2026, one rollover after the first.
    expect(firstYearFromReference({ month: 1, day: 2, offset: 1 }, '2026-01-05')).toBe(2025);
  });

  it('gives nothing for a reference that is not an ISO date', () => {
    expect(firstYearFromReference({ month: 1, day: 2, offset: 0 }, 'yesterday')).toBeUndefined();
  });
});

describe('yearStatedInMessage', () => {
  it('takes the year of a ctime date on the same month and day (ftpd)', () => {
    const message = 'connection from 24.54.76.216 (x.adelphia.net) at Fri Jun 17 07:07:00 2005 ';
    expect(yearStatedInMessage(message, 6, 17)).toBe(2005);
  });

  it('takes the year of an ISO date on the same month and day', () => {
    expect(yearStatedInMessage('backup started 2024-03-14T02:00:00Z', 3, 14)).toBe(2024);
  });

  it('ignores dates of another day, such as a certificate expiry', () => {
    expect(yearStatedInMessage('certificate valid until 2027-01-01', 3, 14)).toBeUndefined();
    expect(yearStatedInMessage('at Fri Jun 17 07:07:00 2005', 6, 18)).toBeUndefined();
  });

  it('ignores numbers that only look like years', () => {
    expect(yearStatedInMessage('pid 2005 exited with status 1', 6, 17)).toBeUndefined();
  });

  it('stays linear on a megabyte of digits and dashes', () => {
    const started = performance.now();
    expect(yearStatedInMessage('1234-'.repeat(200_000), 1, 1)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('readBsdTimestamp', () => {
  it('reads a space-padded day', () => {
    expect(readBsdTimestamp('Jul  1 00:21:28 combo kernel: x')).toEqual({
      time: { month: 7, day: 1, hour: 0, minute: 21, second: 28, millisecond: 0 },
      length: 15,
    });
  });

  it('reads a two-digit day and a fraction of a second', () => {
    expect(readBsdTimestamp('Dec 10 06:55:46.123456 LabSZ sshd')?.time).toMatchObject({
      month: 12,
      day: 10,
      millisecond: 123,
    });
  });

  it('reads the year some devices write after the day', () => {
    expect(readBsdTimestamp('Mar 14 2026 09:12:05 fw01 %ASA-6')).toMatchObject({ year: 2026, length: 20 });
  });

  it('refuses unknown months, impossible times and text glued to the time', () => {
    expect(readBsdTimestamp('Foo 10 06:55:46 host')).toBeUndefined();
    expect(readBsdTimestamp('Dec 10 25:55:46 host')).toBeUndefined();
    expect(readBsdTimestamp('Dec 10 06:55:46host')).toBeUndefined();
    expect(readBsdTimestamp('Dec 32 06:55:46 host')).toBeUndefined();
  });
});

describe('invalidDayInYear', () => {
  it('refuses 29 February in a common year and accepts it in a leap year', () => {
    const feb29 = { month: 2, day: 29, hour: 0, minute: 0, second: 0, millisecond: 0 };
    expect(invalidDayInYear(feb29, 2025)).toMatch(/does not exist/);
    expect(invalidDayInYear(feb29, 2024)).toBeUndefined();
  });
});
