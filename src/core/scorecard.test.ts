import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { scorecard } from './scorecard.js';
import type { DetectionSource } from './vocabulary.js';

const build = (source: DetectionSource, extra: ReturnType<typeof entry>[] = []) =>
  buildPostMortem({
    severity: 'high',
    timeline: [
      entry('C', '2026-03-01T00:00:00Z', { milestone: { kind: 'compromise' }, attack: ['T1566.002'] }),
      entry('D', '2026-03-03T00:00:00Z', { milestone: { kind: 'detection', source } }),
      entry('K', '2026-03-03T02:00:00Z', { milestone: { kind: 'containment' } }),
      ...extra,
    ],
    evaluation: {
      targets: { timeToDetect: 'P1D', timeToContain: 'PT4H' },
      wentWell: ['Fast containment'],
      wentPoorly: ['Late detection'],
      luckyBreaks: ['Logs were archived'],
    },
  } as Parameters<typeof buildPostMortem>[0]);

const item = (card: ReturnType<typeof scorecard>, id: string) => card.items.find((i) => i.id === id);

describe('scorecard', () => {
  it('scores a clock 100 within its target and target/actual beyond it, saying how', () => {
    const card = scorecard(build('internal-control'));
    expect(item(card, 'clock:timeToContain')).toMatchObject({
      score: 100,
      computation: '2h within the target of 4h: 100',
    });
    expect(item(card, 'clock:timeToDetect')).toMatchObject({
      score: 50,
      computation: '2d against a target of 1d: 100 × 1d / 2d = 50',
    });
    expect(item(card, 'clock:timeToResolve')).toMatchObject({
      score: null,
      computation: expect.stringMatching(/^not computable: no resolution milestone/),
    });
  });

  it('scores the detection source by how much it says about the own controls', () => {
    expect(item(scorecard(build('internal-control')), 'detection-source')?.score).toBe(100);
    expect(item(scorecard(build('customer')), 'detection-source')).toMatchObject({
      score: 25,
      computation: 'detected by a customer (external) (D): 25',
    });
    expect(item(scorecard(build('attacker-notice')), 'detection-source')?.score).toBe(0);
    expect(item(scorecard(build('unknown')), 'detection-source')?.score).toBeNull();
  });

  it('fails containment when attacker activity follows it, naming the entries', () => {
    expect(item(scorecard(build('customer')), 'containment')?.score).toBe(100);
    const reopened = scorecard(
      build('customer', [entry('X', '2026-03-03T05:00:00Z', { attack: ['T1078.004'] })]),
    );
    expect(item(reopened, 'containment')).toMatchObject({
      score: 0,
      computation: 'attacker activity after containment (K): X: 0',
    });
  });

  it('averages what can be computed, and carries the team’s own strengths, weaknesses and lucky breaks', () => {
    const card = scorecard(build('customer'));
    const scored = card.items.map((i) => i.score).filter((s): s is number => s !== null);
    expect(card.overall).toBe(Math.round(scored.reduce((a, b) => a + b, 0) / scored.length));
    expect(card).toMatchObject({
      strengths: ['Fast containment'],
      weaknesses: ['Late detection'],
      luckyBreaks: ['Logs were archived'],
    });
  });
});
