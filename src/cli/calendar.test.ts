import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';

describe('debrief calendar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-calendar-'));
  const run = runner(dir, { DEBRIEF_DATA: join(dir, 'data') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an iCalendar file that a calendar library reads', async () => {
    const result = await run('calendar', resolve('examples/demo-post-mortem.yaml'), '-o', 'demo.ics');
    expect(result.code, result.stderr).toBe(0);
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(join(dir, 'demo.ics'), 'utf8')));
    expect(calendar.getFirstPropertyValue('prodid')).toMatch(/Debrief/);
    expect(calendar.getAllSubcomponents('vevent').length).toBeGreaterThan(5);
  });
});
