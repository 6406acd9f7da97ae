/**
 * The report's "what the plan said, what we did" part of the response evaluation: each playbook step next to the
 * timeline entry that did it, with its outcome. Present only when the report is rendered with a playbook.
 */
import { cellText, codeSpan, inlineText, table } from './markdown-escape.js';
import type { PlaybookCheck, StepResult } from './playbook.js';
import { blocks } from './report-markdown-common.js';
import { humanDuration } from './time.js';

const OUTCOME_LABELS: Readonly<Record<StepResult['outcome'], string>> = {
  'on-time': 'on time',
  late: '**late**',
  'out-of-order': '**out of order**',
  done: 'done (no target to measure)',
  skipped: '**skipped**',
  'not-applicable': 'not applicable',
};

function planCell(step: StepResult): string {
  const target =
    step.timing === undefined ? 'no target' : `within ${step.timing.withinText} of ${step.timing.from}`;
  return `${cellText(step.title)}<br>${step.phase}${step.owner === undefined ? '' : `, ${cellText(step.owner)}`}; ${inlineText(target)}`;
}

function outcomeCell(step: StepResult): string {
  let text = OUTCOME_LABELS[step.outcome];
  if (step.lateBy !== undefined) text += ` by ${humanDuration(step.lateBy)}`;
  if (step.outOfOrder.length > 0)
    text += `<br>before ${step.outOfOrder.map((id) => codeSpan(id, 'table')).join(', ')}`;
  if (step.approximate) text += ' (≈ approximate)';
  return text;
}

/** The playbook comparison as a Markdown subsection (a heading, a summary line and a table). */
export function playbookSection(check: PlaybookCheck): string {
  const rows = check.steps.map((s) => [
    codeSpan(s.step, 'table'),
    planCell(s),
    s.entry === undefined
      ? '—'
      : `${codeSpan(s.entry, 'table')}${s.at === undefined ? '' : `<br>${s.at.slice(0, 16).replace('T', ' ')} UTC`}`,
    outcomeCell(s),
    cellText(s.note),
  ]);
  const score = check.score === null ? 'not computable' : `**${check.score} / 100**`;
  return blocks(
    '### What the plan said, what we did',
    `_Playbook ${inlineText(check.playbook.name)}, version ${inlineText(check.playbook.version)}. Adherence: ${score} — ${inlineText(check.computation)}._`,
    table(['Step', 'What the plan said', 'What we did', 'Outcome', 'How it was found'], rows),
  );
}
