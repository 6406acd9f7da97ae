/**
 * Response evaluation: the scorecard computed by the server (`GET /api/post-mortems/:id/evaluation`), the team's
 * notes on what went well and poorly, and the lessons learned, each saved on its own with the part editor.
 * Editors (`post-mortem:edit`) edit; viewers and auditors read. Language findings show under the texts.
 */
import { useAuth } from '../auth.js';
import { LessonsEditor } from '../evaluation/LessonsEditor.js';
import { ResponseNotesEditor } from '../evaluation/ResponseNotesEditor.js';
import { ScorecardPanel } from '../evaluation/Scorecard.js';
import { LintStatus } from '../lint/LintFindings.js';
import { useLintFindings } from '../lint/use-lint-findings.js';
import type { SectionProps } from './sections.js';
import '../styles/analysis.css';
import '../styles/evaluation.css';

/** The evaluation section of the workspace. */
export function EvaluationSection(props: SectionProps) {
  const canEdit = useAuth().can('post-mortem:edit');
  const lint = useLintFindings(props.postMortemId, props.doc.version);
  return (
    <section className="ws-section evaluation" aria-labelledby="evaluation-heading">
      <h2 id="evaluation-heading">Response evaluation and lessons</h2>
      {canEdit ? null : <p className="muted">Your role may read the evaluation, not change it.</p>}
      <LintStatus lint={lint} />
      <ScorecardPanel postMortemId={props.postMortemId} version={props.doc.version} />
      <ResponseNotesEditor props={props} canEdit={canEdit} lint={lint} />
      <LessonsEditor props={props} canEdit={canEdit} lint={lint} />
    </section>
  );
}
