/**
 * A post-mortem's calendar (`debrief calendar`): the review session with the review team as attendees, each
 * recommendation's due date, and each risk acceptance's expiry, as an iCalendar file (RFC 5545) through
 * ical-generator. UIDs are stable, so importing the file again updates the entries instead of duplicating them.
 */
import ical, { ICalAlarmType, ICalAttendeeRole, ICalAttendeeStatus, ICalEventStatus } from 'ical-generator';
import type { PostMortem } from '../core/model.js';
import { OPEN_STATUSES } from '../core/recommendation-lifecycle.js';
import { instantOf } from '../core/time.js';

/** A single-line property: line breaks become spaces (ical-generator escapes ; , and \ but not every line break). */
const line = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ');

/** The calendar as iCalendar text. */
export function postMortemCalendar(doc: PostMortem, options: { readonly now: string }): string {
  const stamp = new Date(instantOf(options.now).epochMs);
  const calendar = ical({
    name: line(`${doc.id} post-mortem`),
    prodId: { company: 'Debrief', product: 'Debrief', language: 'EN' },
    description: line(doc.title),
  });
  const session = doc.review.session;
  if (session) {
    const start = new Date(instantOf(session.start).epochMs);
    const minutes = session.durationMinutes ?? 60;
    const team = doc.people.filter((p) => p.roles.length > 0);
    const withoutEmail = team.filter((p) => p.email === undefined);
    const facilitator = team.find((p) => p.roles.includes('facilitator') && p.email !== undefined);
    const event = calendar.createEvent({
      id: `${doc.id}-review@debrief`,
      stamp,
      start,
      end: new Date(start.getTime() + minutes * 60_000),
      summary: line(`Post-mortem review: ${doc.id} ${doc.title}`),
      description: [
        session.notes,
        `Blameless review of ${doc.id} (${doc.severity}).`,
        withoutEmail.length > 0
          ? `Also invited (no e-mail in the post-mortem): ${withoutEmail.map((p) => p.name).join(', ')}.`
          : undefined,
      ]
        .filter((line): line is string => line !== undefined)
        .join('\n\n'),
      ...(session.location === undefined ? {} : { location: session.location }),
      status: ICalEventStatus.CONFIRMED,
      ...(facilitator?.email === undefined
        ? {}
        : { organizer: { name: facilitator.name, email: facilitator.email } }),
    });
    for (const person of team) {
      if (person.email === undefined) continue;
      event.createAttendee({
        name: person.name,
        email: person.email,
        rsvp: true,
        status: ICalAttendeeStatus.NEEDSACTION,
        role: person.roles.includes('facilitator') ? ICalAttendeeRole.CHAIR : ICalAttendeeRole.REQ,
      });
    }
  }
  const owner = (ref: string | undefined) =>
    ref === undefined ? 'no owner' : (doc.people.find((p) => p.id === ref)?.name ?? ref);
  for (const rec of doc.recommendations) {
    if (rec.due !== undefined) {
      const event = calendar.createEvent({
        id: `${doc.id}-${rec.id}-due@debrief`,
        stamp,
        start: new Date(`${rec.due}T00:00:00Z`),
        allDay: true,
        summary: line(`Due: ${rec.title} (${doc.id} ${rec.id})`),
        description: `Recommendation ${rec.id} of ${doc.id}: ${rec.status}, ${rec.priority} priority, owner ${owner(rec.owner)}.${rec.description ? `\n\n${rec.description}` : ''}`,
        categories: [{ name: 'Debrief' }, { name: rec.priority }],
        status: OPEN_STATUSES.has(rec.status) ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
      });
      if (OPEN_STATUSES.has(rec.status))
        event.createAlarm({
          type: ICalAlarmType.display,
          trigger: 24 * 3600,
          description: `Due tomorrow: ${rec.title}`,
        });
    }
    if (rec.riskAcceptance !== undefined) {
      calendar.createEvent({
        id: `${doc.id}-${rec.id}-risk-expiry@debrief`,
        stamp,
        start: new Date(`${rec.riskAcceptance.expires}T00:00:00Z`),
        allDay: true,
        summary: line(`Risk acceptance expires: ${rec.title} (${doc.id} ${rec.id})`),
        description: `Accepted by ${rec.riskAcceptance.approver}: ${rec.riskAcceptance.rationale}`,
        categories: [{ name: 'Debrief' }],
      });
    }
  }
  return calendar.toString();
}
