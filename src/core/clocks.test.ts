import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { computeClocks, DEFAULT_TARGETS, isMeasured, listBreaches, resolveTargets } from './clocks.js';
import { CLOCK_NAMES, SEVERITIES } from './vocabulary.js';

const full = () =>
  buildPostMortem({
    severity: 'high',
    timeline: [
      entry('C', '2026-03-01T08:00:00Z', { milestone: { kind: 'compromise' } }),
      entry('I', '2026-03-05T10:00:00Z', { milestone: { kind: 'impact-start' } }),
      entry('D', '2026-03-14T10:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
      entry('A', '2026-03-14T10:20:00Z', { milestone: { kind: 'acknowledgement' } }),
      entry('K', '2026-03-14T13:30:00Z', { milestone: { kind: 'containment' } }),
      entry('E', '2026-03-16T10:00:00Z', { milestone: { kind: 'eradication' } }),
      entry('R', '2026-03-18T10:00:00Z', { milestone: { kind: 'recovery' } }),
      entry('Z', '2026-03-28T10:00:00Z', { milestone: { kind: 'resolution' } }),
      entry('W', '2026-03-14T16:00:00+01:00', { milestone: { kind: 'awareness' } }),
      entry('N', '2026-03-16T09:00:00+01:00', {
        milestone: { kind: 'notification', recipient: 'DPA', regime: 'gdpr' },
      }),
    ],
  });

describe('computeClocks', () => {
  it('measures each clock between the earliest entries of its two milestone kinds', () => {
    const clocks = computeClocks(full());
    expect(clocks.timeToDetect).toMatchObject({
      seconds: 13 * 86_400 + 2 * 3_600,
      iso: 'P13DT2H',
      from: '2026-03-01T08:00:00.000Z',
      to: '2026-03-14T10:00:00.000Z',
      fromEntry: 'C',
      toEntry: 'D',
      approximate: false,
    });
    expect(clocks.impactToDetection).toMatchObject({ seconds: 9 * 86_400, iso: 'P9D' });
    expect(clocks.timeToAcknowledge).toMatchObject({ seconds: 20 * 60, iso: 'PT20M' });
    expect(clocks.timeToContain).toMatchObject({ seconds: 3.5 * 3_600, iso: 'PT3H30M' });
    expect(clocks.timeToEradicate).toMatchObject({ iso: 'P2D' });
    expect(clocks.timeToRecover).toMatchObject({ iso: 'P4D' });
    expect(clocks.timeToResolve).toMatchObject({ iso: 'P14D' });
    expect(clocks.totalDuration).toMatchObject({ iso: 'P27DT2H' });
    // Awareness at 15:00Z, notification at 08:00Z two days later: offsets are honoured.
    expect(clocks.timeToFirstNotification).toMatchObject({ iso: 'P1DT17H', fromEntry: 'W', toEntry: 'N' });
  });

  it('counts the earliest entry when a milestone kind appears more than once, whatever the document order', () => {
    const doc = buildPostMortem({
      timeline: [
        entry('D2', '2026-03-14T12:00:00Z', { milestone: { kind: 'detection', source: 'internal-control' } }),
        entry('K', '2026-03-14T14:00:00Z', { milestone: { kind: 'containment' } }),
        entry('D1', '2026-03-14T11:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
      ],
    });
    expect(computeClocks(doc).timeToContain).toMatchObject({ seconds: 3 * 3_600, fromEntry: 'D1' });
  });

  it('gives a missing clock seconds null and says which milestone is missing', () => {
    const doc = buildPostMortem({
      timeline: [
        entry('D', '2026-03-14T10:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
      ],
    });
    const clocks = computeClocks(doc);
    expect(clocks.timeToContain).toMatchObject({ seconds: null, reason: 'no containment milestone' });
    expect(clocks.timeToDetect).toMatchObject({ seconds: null, reason: 'no compromise milestone' });
    expect(clocks.timeToFirstNotification).toMatchObject({
      seconds: null,
      reason: 'no awareness milestone and no notification milestone',
    });
  });

  it('marks a clock approximate when an end is known only to the day', () => {
    const doc = buildPostMortem({
      timeline: [
        entry('C', '2026-03-01', { milestone: { kind: 'compromise' } }),
        entry('D', '2026-03-14T10:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
        entry('K', '2026-03-14T11:00:00Z', { milestone: { kind: 'containment' } }),
      ],
    });
    const clocks = computeClocks(doc);
    expect(clocks.timeToDetect).toMatchObject({ approximate: true, iso: 'P13DT10H' });
    expect(clocks.timeToContain).toMatchObject({ approximate: false });
  });

  it('marks a clock approximate when an end is flagged uncertain', () => {
    const doc = buildPostMortem({
      timeline: [
        entry('D', '2026-03-14T10:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
        entry('K', '2026-03-14T11:00:00Z', { milestone: { kind: 'containment' }, uncertain: true }),
      ],
    });
    expect(computeClocks(doc).timeToContain).toMatchObject({ approximate: true });
  });

  it('keeps a negative duration when milestones are out of order, rather than hiding it', () => {
    const doc = buildPostMortem({
      timeline: [
        entry('K', '2026-03-14T09:00:00Z', { milestone: { kind: 'containment' } }),
        entry('D', '2026-03-14T10:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
      ],
    });
    expect(computeClocks(doc).timeToContain).toMatchObject({
      seconds: -3_600,
      iso: '-PT1H',
      breached: false,
    });
  });
});

describe('targets', () => {
  it('uses the document target first, then the default for the severity', () => {
    const doc = buildPostMortem({ severity: 'critical', evaluation: { targets: { timeToContain: 'PT2H' } } });
    const targets = resolveTargets(doc);
    expect(targets.timeToContain).toEqual({ seconds: 7_200, iso: 'PT2H', source: 'document' });
    expect(targets.timeToAcknowledge).toEqual({ seconds: 900, iso: 'PT15M', source: 'default' });
    expect(targets.totalDuration).toBeUndefined();
  });

  it('has a valid default target for every clock except total duration, for every severity', () => {
    for (const severity of SEVERITIES) {
      const targets = resolveTargets(buildPostMortem({ severity }));
      for (const name of CLOCK_NAMES) {
        if (name === 'totalDuration') expect(targets[name]).toBeUndefined();
        else expect(targets[name]?.seconds, `${severity} ${name}`).toBeGreaterThan(0);
      }
    }
    // Stricter severities never get looser default targets.
    for (const name of CLOCK_NAMES) {
      const seconds = SEVERITIES.map(
        (s) => resolveTargets(buildPostMortem({ severity: s }))[name]?.seconds ?? 0,
      );
      expect(
        [...seconds].sort((a, b) => a - b),
        name,
      ).toEqual(seconds);
    }
    expect(Object.keys(DEFAULT_TARGETS)).toEqual([...SEVERITIES]);
  });

  it('lists breaches with how far over the target each clock is', () => {
    const clocks = computeClocks(full());
    expect(isMeasured(clocks.timeToDetect) && clocks.timeToDetect.breached).toBe(true);
    const breaches = listBreaches(clocks);
    // high severity defaults: detect P2D, impact→detection PT4H, acknowledge PT30M (20 min is within),
    // contain PT12H (3.5 h within), resolve P14D (exactly 14 days is within).
    expect(breaches.map((b) => b.clock)).toEqual(['timeToDetect', 'impactToDetection']);
    expect(breaches[0]).toMatchObject({ seconds: 1_130_400, overBy: 1_130_400 - 172_800 });
  });
});
