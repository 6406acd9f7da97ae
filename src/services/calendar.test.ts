import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildPostMortem } from '../../test/factories.js';
import { parsePostMortemText } from '../contract/post-mortem-file.js';
import type { PostMortem } from '../core/model.js';
import { postMortemCalendar } from './calendar.js';

const NOW = '2026-12-04T10:00:00Z';
const demo = parsePostMortemText(readFileSync('examples/demo-post-mortem.yaml', 'utf8'))
  .document as PostMortem;

/** The VEVENTs of an iCalendar text, parsed by ical.js. */
function events(text: string): ICAL.Event[] {
  const component = new ICAL.Component(ICAL.parse(text));
  return component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('the calendar of a post-mortem', () => {
  it('invites the review team to the review session, with its time, length and place', () => {
    const parsed = events(postMortemCalendar(demo, { now: NOW }));
    const review = parsed.find((e) => e.uid === 'INC-2026-014-review@debrief');
    expect(review?.summary).toMatch(/^Post-mortem review: INC-2026-014 /);
    expect(review?.startDate.toJSDate().toISOString()).toBe('2026-03-17T12:30:00.000Z');
    expect(review?.endDate.toJSDate().toISOString()).toBe('2026-03-17T14:30:00.000Z');
    expect(review?.location).toBe('Utrecht office, room Vecht, and video bridge');
    const invited = demo.people
      .filter((p) => p.roles.length > 0 && p.email !== undefined)
      .map((p) => `mailto:${p.email}`);
    // The scheme is case-insensitive (RFC 5545 writes it MAILTO:).
    expect(
      review?.attendees.map((a) => String(a.getFirstValue()).replace(/^mailto:/i, 'mailto:')).sort(),
    ).toEqual(invited.sort());
  });

  it('has an all-day entry per due date, with a reminder while the action is open, and risk-acceptance expiries', () => {
    const parsed = events(postMortemCalendar(demo, { now: NOW }));
    const due = demo.recommendations.filter((r) => r.due !== undefined);
    for (const rec of due) {
      const event = parsed.find((e) => e.uid === `INC-2026-014-${rec.id}-due@debrief`);
      expect(event?.startDate.isDate).toBe(true);
      expect(event?.startDate.toString()).toBe(rec.due);
      expect(event?.summary).toBe(`Due: ${rec.title} (INC-2026-014 ${rec.id})`);
      const open = ['proposed', 'accepted', 'in-progress'].includes(rec.status);
      expect(event?.component.getAllSubcomponents('valarm').length).toBe(open ? 1 : 0);
    }
    const expiring = demo.recommendations.filter((r) => r.riskAcceptance !== undefined);
    expect(expiring.length).toBeGreaterThan(0);
    for (const rec of expiring)
      expect(
        parsed.find((e) => e.uid === `INC-2026-014-${rec.id}-risk-expiry@debrief`)?.startDate.toString(),
      ).toBe(rec.riskAcceptance?.expires);
  });

  it('escapes text that would break the format, and keeps ids when generated again', () => {
    const doc = buildPostMortem({
      title: 'Comma, semicolon; backslash \\ and\nnewline',
      recommendations: [
        {
          id: 'R1',
          title: 'Rotate keys; all, of them',
          type: 'corrective',
          priority: 'high',
          due: '2026-04-01',
        },
      ],
    });
    const text = postMortemCalendar(doc, { now: NOW });
    const [event] = events(text);
    expect(event?.summary).toBe('Due: Rotate keys; all, of them (INC-2026-001 R1)');
    expect(postMortemCalendar(doc, { now: '2026-12-05T10:00:00Z' }).match(/UID:.*/g)).toEqual(
      text.match(/UID:.*/g),
    );
    // No session: no review event.
    expect(events(text).some((e) => e.uid.endsWith('-review@debrief'))).toBe(false);
  });
});
