import { describe, expect, it } from 'vitest';
import type { PostMortem, Recommendation } from '../../core/model.js';
import { storedDoc } from '../workspace/workspace-fixtures.js';
import { filterRecommendations, moveNeeds, needsForm, nextRecommendationId } from './recommendation-board.js';

const rec = (overrides: Partial<Recommendation>): Recommendation => ({
  id: 'R-01',
  title: 't',
  type: 'preventive',
  priority: 'low',
  status: 'proposed',
  addresses: [],
  history: [],
  ...overrides,
});

describe('recommendation board rules', () => {
  it('asks for what a move needs: owner and due date, proof, acceptance, reasons', () => {
    expect(
      needsForm(moveNeeds(rec({ status: 'accepted', owner: 'P-01', due: '2026-06-30' }), 'in-progress')),
    ).toBe(false);
    expect(moveNeeds(rec({}), 'accepted')).toMatchObject({ owner: true, due: true, why: false });
    expect(moveNeeds(rec({ status: 'done', owner: 'a', due: '2026-01-01' }), 'verified')).toMatchObject({
      verification: true,
      owner: false,
    });
    expect(moveNeeds(rec({}), 'risk-accepted').riskAcceptance).toBe(true);
    expect(moveNeeds(rec({}), 'rejected').rejectionReason).toBe(true);
    expect(moveNeeds(rec({ status: 'rejected' }), 'proposed').why).toBe(true);
  });

  it('filters by owner and overdue (open and past due only)', () => {
    const recs = [
      rec({ id: 'A', status: 'accepted', owner: 'x', due: '2026-01-01' }),
      rec({ id: 'B', status: 'done', owner: 'x', due: '2026-01-01' }),
      rec({ id: 'C', owner: 'y', due: '2026-12-01' }),
    ];
    const ids = (f: Parameters<typeof filterRecommendations>[1]) =>
      filterRecommendations(recs, f, '2026-06-01').map((r) => r.id);
    expect(ids({ owner: '', overdueOnly: true })).toEqual(['A']);
    expect(ids({ owner: 'x', overdueOnly: false })).toEqual(['A', 'B']);
  });

  it('picks the next recommendation id not used anywhere in the document', () => {
    const doc: PostMortem = storedDoc({
      recommendations: [{ id: 'R-02', title: 't', type: 'process', priority: 'low' }],
      lessons: [{ id: 'R-03', category: 'tooling', text: 'a lesson that took the id' }],
    });
    expect(nextRecommendationId(doc)).toBe('R-04');
    expect(nextRecommendationId(storedDoc())).toBe('R-01');
  });
});
