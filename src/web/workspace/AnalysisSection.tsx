/**
 * Root cause analysis: the 5 Whys trees, the fishbone and the FMEA table of the post-mortem, each edited and saved
 * on its own (`usePartEditor`: a save replaces the document with If-Match; someone else's change to another part
 * is kept, a change to the same part is shown side by side). Editors (`post-mortem:edit`) edit; viewers and
 * auditors read. The blameless language review of the stored version is shown under the texts it concerns.
 */
import { FishboneEditor } from '../analysis/FishboneEditor.js';
import { FiveWhysEditor } from '../analysis/FiveWhysEditor.js';
import { FmeaTable } from '../analysis/FmeaTable.js';
import { useAuth } from '../auth.js';
import { LintStatus } from '../lint/LintFindings.js';
import { useLintFindings } from '../lint/use-lint-findings.js';
import type { SectionProps } from './sections.js';
import '../styles/analysis.css';

/** The analysis section of the workspace. */
export function AnalysisSection(props: SectionProps) {
  const canEdit = useAuth().can('post-mortem:edit');
  const lint = useLintFindings(props.postMortemId, props.doc.version);
  return (
    <section className="ws-section analysis" aria-labelledby="analysis-heading">
      <h2 id="analysis-heading">Root cause analysis</h2>
      {canEdit ? null : <p className="muted">Your role may read the analysis, not change it.</p>}
      <LintStatus lint={lint} />
      <FiveWhysEditor props={props} canEdit={canEdit} lint={lint} />
      <FishboneEditor props={props} canEdit={canEdit} />
      <FmeaTable props={props} canEdit={canEdit} />
    </section>
  );
}
