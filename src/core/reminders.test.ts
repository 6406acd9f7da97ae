import { describe, expect, it } from 'vitest';
import { postMortemWithActions } from '../../test/factories.js';
import { reminderSlackMessage, remindersFor, reminderTeamsMessage } from './reminders.js';

const doc = (restricted = false) =>
  postMortemWithActions(
    [
      {
        id: 'R-3',
        title: 'Later',
        type: 'process',
        status: 'accepted',
        owner: 'P-01',
        due: '2026-12-30',
        priority: 'low',
      },
      {
        id: 'R-4',
        title: 'Done already',
        type: 'process',
        status: 'done',
        owner: 'P-01',
        due: '2026-11-01',
        priority: 'low',
      },
      {
        id: 'R-5',
        title: 'Legacy VPN',
        type: 'preventive',
        status: 'risk-accepted',
        priority: 'low',
        riskAcceptance: {
          approver: 'CISO',
          rationale: 'decommissioned in Q1',
          at: '2026-06-01T00:00:00Z',
          expires: '2026-12-01',
        },
      },
    ],
    { title: 'Phishing <b>&</b> token theft', restricted },
  );

describe('reminders', () => {
  it('finds overdue, due-soon and expiring risk acceptances, soonest first; done and later ones are quiet', () => {
    const reminders = remindersFor([doc()], '2026-11-22');
    expect(reminders.map((r) => [r.kind, r.recommendation, r.days])).toEqual([
      ['overdue', 'R-1', -2],
      ['due-soon', 'R-2', 2],
      ['risk-acceptance-expiring', 'R-5', 9],
    ]);
    expect(reminders[0]?.text).toBe(
      'INC-2026-001 R-1 "Enforce MFA" is overdue by 2 days (due 2026-11-20, accepted, owner Ada Lovelace)',
    );
    expect(reminders[1]?.text).toMatch(/is due in 2 days \(2026-11-24, in-progress, owner ops team\)$/);
    expect(remindersFor([doc()], '2026-12-02').find((r) => r.recommendation === 'R-5')?.kind).toBe(
      'risk-acceptance-expired',
    );
  });

  it('keys a reminder by what it is about: the same key all week, a new one each week it stays overdue', () => {
    const key = (today: string) => remindersFor([doc()], today).find((r) => r.recommendation === 'R-1')?.key;
    expect(key('2026-11-21')).toBe('overdue:INC-2026-001:R-1:2026-11-20:0');
    expect(key('2026-11-27')).toBe('overdue:INC-2026-001:R-1:2026-11-20:0');
    expect(key('2026-11-28')).toBe('overdue:INC-2026-001:R-1:2026-11-20:1');
    // A new due date is a new reminder.
    expect(remindersFor([doc()], '2026-11-22').find((r) => r.recommendation === 'R-2')?.key).toBe(
      'due-soon:INC-2026-001:R-2:2026-11-24',
    );
  });

  it('names a restricted post-mortem by id only', () => {
    const [r] = remindersFor([doc(true)], '2026-11-22');
    expect(r).not.toHaveProperty('title');
    expect(r).not.toHaveProperty('postMortemTitle');
    expect(JSON.stringify(r)).not.toMatch(/Enforce MFA|Phishing/);
    expect(r?.text).toBe(
      'INC-2026-001 R-1 (restricted post-mortem) is overdue by 2 days (due 2026-11-20, accepted, owner Ada Lovelace)',
    );
  });

  it('writes Slack Block Kit with mrkdwn escaped, and a Teams Adaptive Card', () => {
    const r = { ...remindersFor([doc()], '2026-11-22')[0], text: 'a <script> & b' } as never;
    const slack = reminderSlackMessage(r, 'https://debrief.example/post-mortems/INC-2026-001') as {
      text: string;
      blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    };
    expect(slack.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(slack.blocks[1]?.text?.text).toBe('a &lt;script&gt; &amp; b');
    expect(slack.blocks[2]?.elements?.[0]?.text).toBe(
      '<https://debrief.example/post-mortems/INC-2026-001|Open in Debrief>',
    );
    const teams = reminderTeamsMessage(r, undefined) as {
      type: string;
      attachments: {
        contentType: string;
        content: { type: string; version: string; body: { type: string }[] };
      }[];
    };
    expect(teams.type).toBe('message');
    expect(teams.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0]?.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(teams.attachments[0]?.content.body.map((b) => b.type)).toEqual([
      'TextBlock',
      'TextBlock',
      'FactSet',
    ]);
  });
});
