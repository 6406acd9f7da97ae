import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { isDomainError } from './errors.js';
import type { PostMortem } from './model.js';
import {
  applyEditRules,
  approvalProgress,
  canonicalJson,
  checkReviewAction,
  contentHashInput,
  evaluateSignOffGate,
  gateRefusal,
} from './sign-off.js';

const AT = '2026-11-22T12:00:00.000Z';

type Input = NonNullable<Parameters<typeof buildPostMortem>[0]>;

const reviewed = (overrides: Input = {}): PostMortem =>
  buildPostMortem({
    people: [
      { id: 'P-01', name: 'Ada Lovelace', roles: ['approver'] },
      { id: 'P-02', name: 'Grace Hopper', roles: ['approver', 'facilitator'] },
      { id: 'P-03', name: 'Alan Turing', roles: ['responder'] },
    ],
    summary: { whatHappened: 'A phishing e-mail led to a stolen session.' },
    recommendations: [
      {
        id: 'R-1',
        title: 'Phishing-resistant MFA',
        type: 'preventive',
        priority: 'high',
        status: 'proposed',
      },
    ],
    ...overrides,
  } as Input);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('review actions', () => {
  it('allows each action only from its statuses, and says what to do instead', () => {
    expect(codeOf(() => checkReviewAction('INC-1', 'draft', 'submit'))).toBeUndefined();
    expect(codeOf(() => checkReviewAction('INC-1', 'in-review', 'approve'))).toBeUndefined();
    expect(codeOf(() => checkReviewAction('INC-1', 'published', 'reopen'))).toBeUndefined();
    expect(codeOf(() => checkReviewAction('INC-1', 'draft', 'approve'))).toBe('invalid_state');
    expect(codeOf(() => checkReviewAction('INC-1', 'in-review', 'publish'))).toBe('invalid_state');
    expect(() => checkReviewAction('INC-1', 'draft', 'approve')).toThrow(
      /submit it first with "debrief review submit INC-1"/,
    );
  });
});

describe('approval rounds', () => {
  const approvals = [
    { person: 'P-01', at: '2026-11-01T10:00:00Z', decision: 'approved' as const },
    { person: 'P-02', at: '2026-11-20T10:00:00Z', decision: 'changes-requested' as const },
    { person: 'P-03', at: '2026-11-20T11:00:00Z', decision: 'approved' as const },
    { person: 'P-02', at: '2026-11-21T10:00:00Z', decision: 'approved' as const },
  ];

  it('counts only decisions since the round started, the latest per named approver', () => {
    const doc = reviewed({ review: { approvals } });
    const progress = approvalProgress(doc, 1);
    expect(progress).toMatchObject({ approved: ['P-02'], pending: ['P-01'], complete: false });
    // P-03 is not an approver: their decision does not count.
    expect(progress.decisions.map((d) => d.person)).toEqual(['P-02']);
    expect(approvalProgress(doc, 0).complete).toBe(true);
  });

  it('is never complete without a named approver', () => {
    const doc = reviewed({ people: [{ id: 'P-03', name: 'Alan Turing', roles: ['responder'] }] });
    expect(approvalProgress(doc, 0).complete).toBe(false);
  });
});

describe('the reviewed content', () => {
  it('leaves out storage stamps, status, approvals and recommendation follow-through', () => {
    const doc = reviewed();
    const stamped: PostMortem = {
      ...doc,
      version: 7,
      updated: AT,
      status: 'published',
      review: { approvals: [{ person: 'P-01', at: AT, decision: 'approved' }] },
      recommendations: doc.recommendations.map((r) => ({ ...r, status: 'in-progress', owner: 'ops' })),
    };
    expect(contentHashInput(stamped)).toBe(contentHashInput(doc));
    expect(contentHashInput({ ...doc, title: 'Another title' })).not.toBe(contentHashInput(doc));
    expect(
      contentHashInput({
        ...doc,
        recommendations: doc.recommendations.map((r) => ({ ...r, title: 'Other' })),
      }),
    ).not.toBe(contentHashInput(doc));
  });

  it('is canonical: key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"e":3,"f":2}]},"b":1}',
    );
  });
});

describe('the approval gate', () => {
  it('passes a clean document', () => {
    const gate = evaluateSignOffGate(reviewed(), { at: AT });
    expect(gate.passed).toBe(true);
    expect(gateRefusal('INC-1', gate)).toBeUndefined();
  });

  it('fails on blameless-lint findings, but not on the approvers’ own comments', () => {
    const blaming = reviewed({ summary: { whatHappened: 'The analyst failed to triage the alert.' } });
    const gate = evaluateSignOffGate(blaming, { at: AT });
    expect(gate.passed).toBe(false);
    expect(gate.lint.map((f) => f.rule)).toEqual(['failed-to']);
    expect(gateRefusal('INC-1', gate)).toMatch(/blameless lint has 1 finding .*debrief review waive INC-1/);
    const commented = reviewed({
      review: { approvals: [{ person: 'P-01', at: AT, decision: 'approved', comment: 'Obviously fine.' }] },
    });
    expect(evaluateSignOffGate(commented, { at: AT }).passed).toBe(true);
  });

  it('fails on a missed obligation until a lesson explains it, or a waiver sets it aside', () => {
    const late = reviewed({
      timeline: [entry('A', '2026-03-02T12:05:00+01:00', { milestone: { kind: 'awareness' } })],
      compliance: { regimes: ['gdpr'], attributes: { personalData: true, riskLevel: 'risk' } },
    } as Input);
    const gate = evaluateSignOffGate(late, { at: AT });
    expect(gate.unexplained.map((r) => `${r.regime}/${r.obligation}`)).toContain('gdpr/authority');
    expect(gate.gates.find((g) => g.gate === 'compliance')).toMatchObject({ clean: false });
    expect(gateRefusal('INC-1', gate)).toMatch(/gdpr\/authority.* missed without an explanation/);

    const explanations = gate.unexplained.map((r) => ({
      id: `L-${r.obligation}`,
      category: 'process-failure' as const,
      text: `${r.regime}/${r.obligation} was missed because the breach register had no owner on call.`,
      evidence: [],
      timeline: [],
    }));
    expect(
      evaluateSignOffGate({ ...late, lessons: explanations as PostMortem['lessons'] }, { at: AT }).passed,
    ).toBe(true);

    const waiver = {
      gate: 'compliance' as const,
      reason: 'Notified by phone, letter follows',
      by: 'lee',
      at: AT,
    };
    const waived = evaluateSignOffGate(late, { at: AT, waivers: [waiver] });
    expect(waived.passed).toBe(true);
    expect(waived.gates.find((g) => g.gate === 'compliance')?.waiver).toEqual(waiver);
  });
});

describe('edits of a reviewed post-mortem', () => {
  const stored = (status: PostMortem['status']) => ({ ...reviewed(), status });

  it('turns an approved or in-review post-mortem whose content changes back into a draft', () => {
    for (const status of ['approved', 'in-review'] as const) {
      expect(applyEditRules(stored(status), { ...stored(status), title: 'Changed' }).status).toBe('draft');
      // An edit may say draft itself.
      expect(applyEditRules(stored(status), { ...stored('draft'), title: 'Changed' }).status).toBe('draft');
    }
    expect(applyEditRules(stored('draft'), { ...stored('draft'), title: 'Changed' }).status).toBe('draft');
  });

  it('refuses to change a published post-mortem, but lets follow-through through', () => {
    const published = stored('published');
    expect(codeOf(() => applyEditRules(published, { ...published, title: 'Changed' }))).toBe('invalid_state');
    expect(() => applyEditRules(published, { ...published, title: 'Changed' })).toThrow(
      /debrief review reopen/,
    );
    const tracked = {
      ...published,
      recommendations: published.recommendations.map((r) => ({ ...r, status: 'in-progress' as const })),
    };
    expect(applyEditRules(published, tracked).status).toBe('published');
  });

  it('refuses edits of the status or the approvals', () => {
    expect(codeOf(() => applyEditRules(stored('in-review'), stored('approved')))).toBe('invalid_state');
    expect(codeOf(() => applyEditRules(stored('approved'), stored('draft')))).toBe('invalid_state');
    const forged = {
      ...stored('in-review'),
      review: { approvals: [{ person: 'P-01', at: AT, decision: 'approved' as const }] },
    };
    expect(codeOf(() => applyEditRules(stored('in-review'), forged))).toBe('invalid_state');
  });
});
