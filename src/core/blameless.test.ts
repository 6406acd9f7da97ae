import { describe, expect, it } from 'vitest';
import { buildPostMortem } from '../../test/factories.js';
import {
  checkRuleSet,
  ENGLISH_RULES,
  lintPostMortem,
  lintText,
  personRule,
  proseFields,
} from './blameless.js';

const rules = ENGLISH_RULES.rules;
const hits = (text: string) => lintText(text, ['x'], rules).map((f) => `${f.rule}:${f.text}`);

describe('lintText: each default rule', () => {
  it.each([
    ['The on-call engineer should have escalated sooner.', ['should-have:should have']],
    ['Nobody could have noticed the alert at 3 a.m.', ['should-have:could have noticed']],
    ['The analyst failed to triage the finding.', ['failed-to:failed to']],
    ['A careless change opened the bucket.', ['careless:careless']],
    ['Root cause: human error during the migration.', ['human-error:human error']],
    ['The phishing page was obviously fake.', ['obviously:obviously']],
    ['In hindsight the domain was suspicious.', ['in-hindsight:In hindsight']],
    ['The breach exposed billing data.', ['breach:breach']],
    ['An unauthorised login from abroad.', ['unauthorized:unauthorised']],
    ['This was a violation of policy and a liability.', ['violation:violation', 'liable:liability']],
  ])('%s', (text, expected) => {
    expect(hits(text)).toEqual(expected);
  });

  it('finds blame in its other forms, and people by full or family name, as whole words', () => {
    expect(hits('The operator error rate dashboard was missing')).toEqual(['human-error:operator error']);
    expect(hits('Negligent handling of keys')).toEqual(['careless:Negligent']);
    expect(hits('The analyst did not check the alert queue')).toEqual(['failed-to:did not check']);
    expect(hits('Errors in the parser')).toEqual([]);
    const person = personRule([{ name: 'Anne Whitfield' }, { name: 'Bo' }]);
    expect(person?.pattern).toBe('Anne Whitfield|Whitfield');
    const names = (text: string) => (person ? lintText(text, [], [person]).map((f) => f.text) : []);
    expect(names('Anne Whitfield approved it; Whitfield again')).toEqual(['Anne Whitfield', 'Whitfield']);
    expect(names('Whitfields configured nothing')).toEqual([]);
    expect(personRule([{ name: 'Bo' }])).toBeUndefined();
  });

  it('leaves neutral prose alone, and words that only contain a pattern', () => {
    expect(hits('Pre-approved templates would have saved ten hours.')).toEqual([]);
    expect(hits('The fault-tolerant queue kept the alerts; breaching tools were blocked.')).toEqual([]);
    expect(hits('The alert was routed to an unmonitored mailbox.')).toEqual([]);
  });

  it('gives the exact span of each finding in the field', () => {
    const text = 'Step 2: they should have checked. Obviously.';
    const found = lintText(text, ['summary', 'whatHappened'], rules);
    expect(found.map((f) => text.slice(f.start, f.end))).toEqual(['should have', 'Obviously']);
    expect(found[0]).toMatchObject({ path: ['summary', 'whatHappened'], category: 'counterfactual' });
  });
});

describe('lintPostMortem', () => {
  const doc = buildPostMortem({
    people: [{ id: 'P-1', name: 'Dana Whitfield', roles: ['responder'] }],
    summary: { whatHappened: 'A breach of the billing bucket. The analyst failed to escalate.' },
    analysis: {
      fiveWhys: [
        {
          id: 'W',
          problem: 'data left',
          whys: [{ id: 'W1', answer: 'Dana Whitfield approved the push prompt', category: 'human-factors' }],
        },
      ],
    },
  } as Parameters<typeof buildPostMortem>[0]);

  it('reads every prose field, and names a person given as a cause', () => {
    const found = lintPostMortem(doc, { audience: 'internal' }).map((f) => `${f.path.join('.')} ${f.rule}`);
    expect(found).toContain('summary.whatHappened failed-to');
    expect(found).toContain('analysis.fiveWhys.0.whys.0.answer person-as-cause');
    expect(found.some((f) => f.endsWith('breach'))).toBe(false);
  });

  it('adds the legal words for an external audience', () => {
    const found = lintPostMortem(doc, { audience: 'external' }).map((f) => f.rule);
    expect(found).toContain('breach');
  });

  it('skips ids, names and instants, which are not prose', () => {
    const paths = proseFields(doc).map((f) => f.path.at(-1));
    expect(paths).not.toContain('id');
    expect(paths).not.toContain('name');
  });
});

describe('checkRuleSet', () => {
  it('names every problem of a bad rule file', () => {
    expect(
      checkRuleSet({
        language: 'en',
        rules: [
          { id: 'a', category: 'blame', pattern: '(', suggestion: 's' },
          { id: 'a', category: 'rude' as 'blame', pattern: 'x', suggestion: '' },
        ],
      }),
    ).toEqual([
      expect.stringMatching(/^rules\[0\] \(a\): invalid pattern/),
      'rules[1]: duplicate id a',
      'rules[1] (a): category must be blame, counterfactual, hindsight or legal',
      'rules[1] (a): missing suggestion',
    ]);
    expect(checkRuleSet(ENGLISH_RULES)).toEqual([]);
    expect(checkRuleSet({ language: 'en', rules: [null as unknown as never] })).toEqual([
      'rules[0]: must be a mapping with id, category, pattern and suggestion',
    ]);
  });
});
