/**
 * Reminders about recommendations: overdue ones (again every `repeatOverdueDays` while they stay overdue), ones
 * due soon, and risk acceptances about to expire or expired. Each reminder has a key naming exactly what it is
 * about (kind, post-mortem, recommendation, date, and for repeats the week late), so a delivery log keyed on it
 * sends each reminder once, whatever restarts in between. And the messages, for e-mail, webhooks, Slack and
 * Microsoft Teams. Restricted post-mortems are reminded by id only: their titles and texts never leave.
 */
import type { PostMortem } from './model.js';
import { plural } from './plural.js';
import { isOverdueOn, OPEN_STATUSES } from './recommendation-lifecycle.js';

export const REMINDER_KINDS = [
  'overdue',
  'due-soon',
  'risk-acceptance-expiring',
  'risk-acceptance-expired',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** When reminders are due. */
export interface ReminderPolicy {
  /** Remind this many days before a due date. */
  readonly dueSoonDays: number;
  /** Remind again every this many days while overdue. */
  readonly repeatOverdueDays: number;
  /** Remind this many days before a risk acceptance expires. */
  readonly riskExpiryDays: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  dueSoonDays: 3,
  repeatOverdueDays: 7,
  riskExpiryDays: 14,
};

/** One reminder. */
export interface Reminder {
  /** What it is about, exactly: the delivery log sends each key once per channel. */
  readonly key: string;
  readonly kind: ReminderKind;
  readonly postMortem: string;
  /** Undefined for a restricted post-mortem. */
  readonly postMortemTitle?: string;
  readonly recommendation: string;
  /** Undefined for a restricted post-mortem. */
  readonly title?: string;
  readonly owner?: string;
  /** The date the reminder is about: the due date, or the risk acceptance's expiry. */
  readonly date: string;
  /** Days from today to that date (negative when past). */
  readonly days: number;
  /** One line saying it all. */
  readonly text: string;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The reminders due on `today` (YYYY-MM-DD) for every recommendation of the documents. */
export function remindersFor(
  docs: readonly PostMortem[],
  today: string,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): Reminder[] {
  const out: Reminder[] = [];
  const now = dayNumber(today);
  for (const doc of docs) {
    for (const rec of doc.recommendations) {
      const owner = rec.owner ? (doc.people.find((p) => p.id === rec.owner)?.name ?? rec.owner) : undefined;
      const about = doc.restricted
        ? { postMortem: doc.id, recommendation: rec.id }
        : { postMortem: doc.id, postMortemTitle: doc.title, recommendation: rec.id, title: rec.title };
      const name = doc.restricted
        ? `${doc.id} ${rec.id} (restricted post-mortem)`
        : `${doc.id} ${rec.id} "${rec.title}"`;
      const who = owner ? `, owner ${owner}` : ', no owner';
      const push = (kind: ReminderKind, date: string, key: string, text: string) =>
        out.push({
          key,
          kind,
          ...about,
          ...(owner ? { owner } : {}),
          date,
          days: dayNumber(date) - now,
          text,
        });
      if (rec.due !== undefined && OPEN_STATUSES.has(rec.status)) {
        const left = dayNumber(rec.due) - now;
        if (isOverdueOn(rec, today)) {
          const late = -left;
          const round = Math.floor((late - 1) / policy.repeatOverdueDays);
          push(
            'overdue',
            rec.due,
            `overdue:${doc.id}:${rec.id}:${rec.due}:${round}`,
            `${name} is overdue by ${plural(late, 'day')} (due ${rec.due}, ${rec.status}${who})`,
          );
        } else if (left <= policy.dueSoonDays) {
          push(
            'due-soon',
            rec.due,
            `due-soon:${doc.id}:${rec.id}:${rec.due}`,
            `${name} is due ${left === 0 ? 'today' : `in ${plural(left, 'day')}`} (${rec.due}, ${rec.status}${who})`,
          );
        }
      }
      const acceptance = rec.riskAcceptance;
      if (rec.status === 'risk-accepted' && acceptance !== undefined) {
        const left = dayNumber(acceptance.expires) - now;
        if (left < 0)
          push(
            'risk-acceptance-expired',
            acceptance.expires,
            `risk-acceptance-expired:${doc.id}:${rec.id}:${acceptance.expires}`,
            `${name}: the risk acceptance by ${acceptance.approver} expired on ${acceptance.expires}; decide again`,
          );
        else if (left <= policy.riskExpiryDays)
          push(
            'risk-acceptance-expiring',
            acceptance.expires,
            `risk-acceptance-expiring:${doc.id}:${rec.id}:${acceptance.expires}`,
            `${name}: the risk acceptance by ${acceptance.approver} expires ${left === 0 ? 'today' : `in ${plural(left, 'day')}`} (${acceptance.expires})`,
          );
      }
    }
  }
  return out.sort((a, b) => a.days - b.days || a.key.localeCompare(b.key));
}

const HEADLINE: Readonly<Record<ReminderKind, string>> = {
  overdue: 'Overdue action',
  'due-soon': 'Action due soon',
  'risk-acceptance-expiring': 'Risk acceptance expiring',
  'risk-acceptance-expired': 'Risk acceptance expired',
};

/** An e-mail: subject and plain text. */
export function reminderEmail(r: Reminder, link: string | undefined): { subject: string; text: string } {
  return {
    subject: `[Debrief] ${HEADLINE[r.kind]}: ${r.postMortem} ${r.recommendation}`,
    text: `${r.text}\n${link ? `\n${link}\n` : ''}\nSent by Debrief. Update the action with "debrief action update ${r.postMortem} ${r.recommendation}".\n`,
  };
}

/** The JSON body of a webhook call. */
export function reminderWebhookBody(r: Reminder, deliveryId: string, link: string | undefined): object {
  return { type: `debrief.reminder.${r.kind}`, delivery: deliveryId, reminder: r, ...(link ? { link } : {}) };
}

/** Escapes text for Slack's mrkdwn (`&`, `<`, `>` only, as Slack documents). */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack incoming-webhook message: `text` (the notification fallback) and Block Kit blocks. */
export function reminderSlackMessage(r: Reminder, link: string | undefined): object {
  return {
    text: `${HEADLINE[r.kind]}: ${r.text}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: HEADLINE[r.kind], emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: slackEscape(r.text) } },
      ...(link
        ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${encodeURI(link)}|Open in Debrief>` }] }]
        : []),
    ],
  };
}

/** A Microsoft Teams incoming-webhook (Workflows) message: an Adaptive Card 1.4 in a message attachment. */
export function reminderTeamsMessage(r: Reminder, link: string | undefined): object {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: HEADLINE[r.kind], weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: r.text, wrap: true },
            {
              type: 'FactSet',
              facts: [
                { title: 'Post-mortem', value: r.postMortem },
                { title: 'Action', value: r.recommendation },
                { title: 'Date', value: r.date },
                ...(r.owner ? [{ title: 'Owner', value: r.owner }] : []),
              ],
            },
          ],
          ...(link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Debrief', url: link }] } : {}),
        },
      },
    ],
  };
}
