import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { validatePlaybookValue } from '../contract/playbook.js';
import {
  checkPlaybook,
  type Playbook,
  parsePlaybookDuration,
  riskyRegex,
  type StepResult,
} from './playbook.js';

function playbook(steps: unknown[]): Playbook {
  const parsed = validatePlaybookValue({ name: 'Test playbook', version: '1', steps });
  if (parsed.playbook === undefined) throw new Error(JSON.stringify(parsed.problems));
  return parsed.playbook;
}

/** Detection at 10:00 UTC written with a +01:00 offset, then the response in mixed offsets. */
const doc = buildPostMortem({
  timeline: [
    entry('T-0', '2026-03-01T09:00:00Z', {
      phase: 'before',
      text: 'Access keys revoked in a routine rotation',
    }),
    entry('T-1', '2026-03-02T11:00:00+01:00', { milestone: { kind: 'detection', source: 'customer' } }),
    entry('T-2', '2026-03-02T10:20:00Z', { milestone: { kind: 'acknowledgement' } }),
    entry('T-3', '2026-03-02T12:30:00+02:00', { text: 'The attacker access key is deactivated' }),
    entry('T-4', '2026-03-02T11:30:00Z', {
      text: 'Incident declared, bridge opened',
      tags: ['playbook:S-DECLARE'],
    }),
    entry('T-5', '2026-03-02T15:00:00Z', { text: 'Phishing mails purged from every mailbox' }),
    entry('T-6', '2026-03-02T09:00:00-05:00', { text: 'Customers warned about FRAUD e-mails' }),
  ],
});

function stepOf(steps: readonly StepResult[], id: string): StepResult {
  const found = steps.find((s) => s.step === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}

describe('checkPlaybook', () => {
  it('marks a step done within its target as on time, comparing instants in UTC across offsets', () => {
    const check = checkPlaybook(
      doc,
      playbook([
        {
          id: 'S1',
          title: 'Acknowledge',
          phase: 'detection',
          target: { within: '30m' },
          match: { milestone: 'acknowledgement' },
        },
      ]),
    );
    const s1 = stepOf(check.steps, 'S1');
    expect(s1).toMatchObject({
      outcome: 'on-time',
      entry: 'T-2',
      matchedBy: 'milestone',
      at: '2026-03-02T10:20:00.000Z',
    });
    expect(s1.timing).toMatchObject({
      from: 'detection',
      fromEntry: 'T-1',
      elapsed: 1200,
      deadline: '2026-03-02T10:30:00.000Z',
    });
    expect(check.score).toBe(100);
  });

  it('marks a step done after its target as late, by how much, and scores it target / actual', () => {
    // T-3 is 10:30 UTC (12:30+02:00), 30 minutes after detection (11:00+01:00), against a 10-minute target.
    const check = checkPlaybook(
      doc,
      playbook([
        {
          id: 'S1',
          title: 'Revoke',
          phase: 'containment',
          target: { within: 'PT10M' },
          match: { keywords: ['deactivate'] },
        },
      ]),
    );
    const s1 = stepOf(check.steps, 'S1');
    expect(s1).toMatchObject({ outcome: 'late', entry: 'T-3', lateBy: 1200, matchedBy: 'keyword' });
    expect(s1.note).toContain('late by 20m');
    expect(check.score).toBe(33);
  });

  it('measures a target from another step, not from detection', () => {
    const check = checkPlaybook(
      doc,
      playbook([
        { id: 'S1', title: 'Acknowledge', phase: 'detection', match: { milestone: 'acknowledgement' } },
        {
          id: 'S2',
          title: 'Purge',
          phase: 'eradication',
          target: { within: '4h', from: { step: 'S1' } },
          match: { keywords: ['purged'] },
        },
      ]),
    );
    const s2 = stepOf(check.steps, 'S2');
    // T-5 at 15:00 UTC is 4h40m after S1 (T-2, 10:20 UTC) but 5h after detection.
    expect(s2).toMatchObject({ outcome: 'late', lateBy: 2400 });
    expect(s2.timing).toMatchObject({ from: 'step S1', fromEntry: 'T-2', elapsed: 16_800 });
  });

  it('marks a step done before a step it must follow as out of order, with half credit', () => {
    const check = checkPlaybook(
      doc,
      playbook([
        { id: 'S-DECLARE', title: 'Declare', phase: 'analysis' },
        {
          id: 'S2',
          title: 'Revoke',
          phase: 'containment',
          after: ['S-DECLARE'],
          match: { keywords: ['deactivated'] },
        },
      ]),
    );
    expect(stepOf(check.steps, 'S-DECLARE')).toMatchObject({
      outcome: 'done',
      entry: 'T-4',
      matchedBy: 'tag',
    });
    expect(stepOf(check.steps, 'S2')).toMatchObject({
      outcome: 'out-of-order',
      outOfOrder: ['S-DECLARE'],
      credit: 0.5,
    });
    expect(check.counts['out-of-order']).toBe(1);
    expect(check.score).toBe(75);
  });

  it('marks a required step with no entry as skipped, and an optional one as not applicable', () => {
    const check = checkPlaybook(
      doc,
      playbook([
        { id: 'S1', title: 'Notify regulator', phase: 'communication', match: { milestone: 'notification' } },
        {
          id: 'S2',
          title: 'Call the police',
          phase: 'communication',
          required: false,
          match: { keywords: ['police'] },
        },
      ]),
    );
    expect(stepOf(check.steps, 'S1')).toMatchObject({ outcome: 'skipped', credit: 0 });
    expect(stepOf(check.steps, 'S2')).toMatchObject({ outcome: 'not-applicable', credit: null });
    expect(check.counts).toMatchObject({ skipped: 1, 'not-applicable': 1 });
    expect(check.score).toBe(0);
  });

  it('does not match entries before the response (phase before, or earlier than detection) automatically', () => {
    const check = checkPlaybook(
      doc,
      playbook([{ id: 'S1', title: 'Revoke keys', phase: 'containment', match: { regex: 'keys? revoked' } }]),
    );
    expect(stepOf(check.steps, 'S1').outcome).toBe('skipped');
  });

  it('matches keywords at the start of a word in any case, and a regular expression case-insensitively', () => {
    const check = checkPlaybook(
      doc,
      playbook([
        { id: 'S1', title: 'Warn', phase: 'communication', match: { keywords: ['fraud'] } },
        { id: 'S2', title: 'Purge', phase: 'eradication', match: { regex: 'MAILS PURGED' } },
        { id: 'S3', title: 'Not a word start', phase: 'analysis', match: { keywords: ['ccess'] } },
      ]),
    );
    expect(stepOf(check.steps, 'S1')).toMatchObject({ entry: 'T-6', matchedBy: 'keyword' });
    expect(stepOf(check.steps, 'S2')).toMatchObject({ entry: 'T-5', matchedBy: 'regex' });
    expect(stepOf(check.steps, 'S3').outcome).toBe('skipped');
  });

  it("follows the analyst's mapping over automatic matches, and n/a makes a step not applicable", () => {
    const check = checkPlaybook(
      doc,
      playbook([
        {
          id: 'S1',
          title: 'Acknowledge',
          phase: 'detection',
          target: { within: '1h' },
          match: { milestone: 'acknowledgement' },
        },
        { id: 'S2', title: 'Warn', phase: 'communication' },
      ]),
      { mapping: { S1: 'T-6', S2: 'n/a' } },
    );
    expect(stepOf(check.steps, 'S1')).toMatchObject({
      entry: 'T-6',
      matchedBy: 'map',
      outcome: 'late',
      lateBy: 10_800,
    });
    expect(stepOf(check.steps, 'S2')).toMatchObject({
      outcome: 'not-applicable',
      note: 'marked not applicable by the analyst',
    });
  });

  it('refuses a mapping that names an unknown step or timeline entry', () => {
    const pb = playbook([{ id: 'S1', title: 'Acknowledge', phase: 'detection' }]);
    expect(() => checkPlaybook(doc, pb, { mapping: { S9: 'T-1' } })).toThrow(/no step "S9"/);
    expect(() => checkPlaybook(doc, pb, { mapping: { S1: 'T-99' } })).toThrow(/no timeline entry "T-99"/);
  });

  it('makes a step whose conditions do not hold not applicable', () => {
    const check = checkPlaybook(
      doc,
      playbook([
        { id: 'S1', title: 'Retainer', phase: 'analysis', when: { severity: ['critical'] } },
        { id: 'S2', title: 'DPO', phase: 'communication', when: { personalData: true } },
        { id: 'S3', title: 'Regulator', phase: 'communication', when: { regimes: ['gdpr'] } },
      ]),
    );
    expect(doc.severity).not.toBe('critical');
    expect(check.steps.map((s) => s.outcome)).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
    expect(check.score).toBeNull();
    expect(check.computation).toMatch(/not computable/);
  });

  it('counts a step as done without timing when its reference milestone is missing', () => {
    const check = checkPlaybook(
      doc,
      playbook([
        {
          id: 'S1',
          title: 'Purge',
          phase: 'eradication',
          target: { within: '1h', from: 'containment' },
          match: { keywords: ['purged'] },
        },
      ]),
    );
    expect(stepOf(check.steps, 'S1')).toMatchObject({ outcome: 'done', credit: 1 });
    expect(stepOf(check.steps, 'S1').note).toContain('no containment milestone');
  });

  it('gives the same result whatever the offsets the instants are written in', () => {
    const shifted = buildPostMortem({
      timeline: [
        entry('T-1', '2026-03-02T05:00:00-05:00', { milestone: { kind: 'detection', source: 'customer' } }),
        entry('T-2', '2026-03-02T19:20:00+09:00', { milestone: { kind: 'acknowledgement' } }),
      ],
    });
    const pb = playbook([
      {
        id: 'S1',
        title: 'Acknowledge',
        phase: 'detection',
        target: { within: '15m' },
        match: { milestone: 'acknowledgement' },
      },
    ]);
    expect(stepOf(checkPlaybook(shifted, pb).steps, 'S1')).toMatchObject({
      outcome: 'late',
      lateBy: 300,
      at: '2026-03-02T10:20:00.000Z',
    });
  });
});

describe('parsePlaybookDuration', () => {
  it('reads compact and ISO 8601 durations, and refuses zero and nonsense', () => {
    expect(parsePlaybookDuration('15m')).toBe(900);
    expect(parsePlaybookDuration('1h30m')).toBe(5400);
    expect(parsePlaybookDuration('2d')).toBe(172_800);
    expect(parsePlaybookDuration('1w')).toBe(604_800);
    expect(parsePlaybookDuration('PT4H')).toBe(14_400);
    expect(parsePlaybookDuration('0m')).toBeUndefined();
    expect(parsePlaybookDuration('soon')).toBeUndefined();
    expect(parsePlaybookDuration('')).toBeUndefined();
  });
});

describe('riskyRegex', () => {
  it('refuses nested quantifiers and back-references, and accepts ordinary patterns', () => {
    expect(riskyRegex('(a+)+$')).toBe(true);
    expect(riskyRegex('(\\w*x)*')).toBe(true);
    expect(riskyRegex('(a)\\1')).toBe(true);
    expect(riskyRegex('sessions? (and refresh tokens )?.*revoked')).toBe(false);
    expect(riskyRegex('notification to the .*(authority|autoriteit)')).toBe(false);
  });
});
