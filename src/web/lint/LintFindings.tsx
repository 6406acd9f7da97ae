/**
 * Blameless-language findings shown right under the text they concern: the rule, what was found and why it
 * matters, and what to write instead. Reviewers see them where they read, not in a separate report.
 */
import type { LintCategory } from '../../core/blameless.js';
import { findingsAt, type LintState } from './use-lint-findings.js';
import '../styles/analysis.css';

/** Why a category of finding matters, in words. */
const CATEGORY_WORDS: Readonly<Record<LintCategory, string>> = {
  blame: 'blames a person',
  counterfactual: 'is counterfactual',
  hindsight: 'is hindsight',
  legal: 'is a legal qualification',
};

/** Props of `LintFindings`. */
export interface LintFindingsProps {
  /** The review of the document (`useLintFindings`). */
  readonly lint: LintState;
  /** The document path of the text (`summary.whatHappened`, `lessons[0].text`). */
  readonly path: string;
  /** Also show findings anywhere under `path` (a whole lesson, a whole list). */
  readonly prefix?: boolean;
  /** Names the place for screen readers ("What happened"). */
  readonly label?: string;
}

/** The findings of one place as a short list; nothing when the text reads well (or the review is not loaded). */
export function LintFindings({ lint, path, prefix = false, label }: LintFindingsProps) {
  const findings = findingsAt(lint, path, prefix);
  if (findings.length === 0) return null;
  const count = `${findings.length} language finding${findings.length === 1 ? '' : 's'}`;
  return (
    <ul className="lint-findings" aria-label={label === undefined ? count : `${count}: ${label}`}>
      {findings.map((f) => (
        <li key={`${f.path}:${f.start}:${f.rule}`} className={`lint-finding lint-${f.category}`}>
          <span className="lint-rule">{f.rule}</span> “{f.text}” {CATEGORY_WORDS[f.category]}. Instead:{' '}
          {f.suggestion}.
        </li>
      ))}
    </ul>
  );
}

/** Says when the language review could not be loaded (shown once per section, not under every text). */
export function LintStatus({ lint }: { readonly lint: LintState }) {
  if (lint.status !== 'error') return null;
  return (
    <p role="alert" className="error">
      The language review is not shown: {lint.message}
    </p>
  );
}
