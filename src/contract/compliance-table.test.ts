import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import regimes from '../core/compliance/regimes.json' with { type: 'json' };
import usFederal from '../core/compliance/us-federal-holidays.json' with { type: 'json' };
import { DEFAULT_CALENDARS, DEFAULT_REGIME_TABLE } from '../core/compliance.js';
import { COMPLIANCE_REGIMES } from '../core/vocabulary.js';
import { holidayCalendarSchema, regimeTableSchema } from './compliance-table.schema.js';

describe('the shipped regime table', () => {
  it('is valid against its schema', () => {
    const result = regimeTableSchema.safeParse(regimes);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('covers every regime the file format accepts, once', () => {
    expect(DEFAULT_REGIME_TABLE.regimes.map((r) => r.regime).sort()).toEqual([...COMPLIANCE_REGIMES].sort());
  });

  it('is documented in docs/compliance.md, every obligation with its id', () => {
    const docs = readFileSync('docs/compliance.md', 'utf8');
    for (const r of DEFAULT_REGIME_TABLE.regimes)
      for (const o of r.obligations) expect(docs).toContain(`| \`${r.regime}\` | \`${o.id}\``);
  });

  it('names its business-day calendars, and they are shipped', () => {
    for (const r of DEFAULT_REGIME_TABLE.regimes)
      for (const o of r.obligations)
        for (const c of o.clocks)
          if (c.within?.calendar !== undefined) expect(DEFAULT_CALENDARS.has(c.within.calendar)).toBe(true);
  });

  it('refuses a chained clock that names a missing obligation, and a business-day period without a calendar', () => {
    const broken = structuredClone(regimes) as { regimes: { obligations: { clocks: unknown[] }[] }[] };
    const first = broken.regimes[0]?.obligations[0];
    if (!first) throw new Error('empty table');
    first.clocks = [
      { from: { submitted: 'nothing', use: 'first' }, within: { amount: 1, unit: 'business-days' } },
    ];
    const messages = regimeTableSchema
      .safeParse(broken)
      .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'regimes.0.obligations.0.clocks.0.within: a calendar is required for business days, and only for them',
      'regimes.0.obligations.0.clocks.0.from.submitted: no obligation "nothing" in gdpr',
    ]);
    first.clocks = [{ from: { submitted: 'nothing', use: 'first' }, within: { amount: 1, unit: 'days' } }];
    expect(regimeTableSchema.safeParse(broken).error?.issues.map((i) => i.message)).toEqual([
      'no obligation "nothing" in gdpr',
    ]);
  });
});

/** The statutory US federal holidays of a year (5 U.S.C. 6103), observed per Executive Order 11582. */
function statutoryHolidays(year: number): string[] {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const nthWeekday = (month: number, weekday: number, n: number) => {
    const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
    return Date.UTC(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  };
  const lastMonday = (month: number) => {
    const last = Date.UTC(year, month + 1, 0);
    return last - ((new Date(last).getUTCDay() + 6) % 7) * 86_400_000;
  };
  const observed = (month: number, day: number) => {
    const ms = Date.UTC(year, month, day);
    const weekday = new Date(ms).getUTCDay();
    return iso(ms + (weekday === 6 ? -1 : weekday === 0 ? 1 : 0) * 86_400_000);
  };
  return [
    observed(0, 1),
    iso(nthWeekday(0, 1, 3)),
    iso(nthWeekday(1, 1, 3)),
    iso(lastMonday(4)),
    ...(year >= 2021 ? [observed(5, 19)] : []),
    observed(6, 4),
    iso(nthWeekday(8, 1, 1)),
    iso(nthWeekday(9, 1, 2)),
    observed(10, 11),
    iso(nthWeekday(10, 4, 4)),
    observed(11, 25),
  ];
}

describe('the US federal holiday calendar', () => {
  it('is valid against its schema', () => {
    expect(holidayCalendarSchema.safeParse(usFederal).error?.issues ?? []).toEqual([]);
  });

  it('holds exactly the statutory holidays of every year it covers, plus closures marked uncertain', () => {
    const certain = usFederal.days.filter((d) => !('uncertain' in d && d.uncertain)).map((d) => d.date);
    const expected: string[] = [];
    for (let year = 2020; year <= 2030; year++) expected.push(...statutoryHolidays(year));
    expect(certain.sort()).toEqual(expected.sort());
    // Spot checks against dates published by OPM.
    expect(certain).toEqual(expect.arrayContaining(['2021-06-18', '2021-12-31', '2026-07-03', '2026-11-26']));
  });

  it('lists every uncertain closure with a note saying what to verify', () => {
    const uncertain = usFederal.days.filter((d) => 'uncertain' in d && d.uncertain);
    expect(uncertain.length).toBeGreaterThan(0);
    for (const day of uncertain) expect(day).toMatchObject({ note: expect.stringMatching(/\w/) });
  });
});
