/**
 * The 5 Whys tree editor: every 5 Whys analysis of the document as a tree of nested lists (a why may branch into
 * several causes; a leaf is a root cause). Editors add a why under any node, edit answers and problems, mark a
 * root cause's category, link evidence and timeline entries, and remove a why with everything below it (after
 * confirming). The checks of the model (shallow chains, blaming root causes, dangling links) are computed live
 * from core and shown under the why they concern; language findings of the stored version too.
 */
import { useState } from 'react';
import type { PostMortem } from '../../core/model.js';
import type { FiveWhys, Why } from '../../core/model-analysis.js';
import { CONTRIBUTING_FACTOR_CATEGORIES, type ContributingFactorCategory } from '../../core/vocabulary.js';
import { LintFindings } from '../lint/LintFindings.js';
import type { LintState } from '../lint/use-lint-findings.js';
import { EditBar, SavedStatus } from '../workspace/EditBar.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, type PartEditor, usePartEditor } from '../workspace/use-part-editor.js';
import { checksUnder, type DraftFinding, schemaProblems } from './draft-checks.js';
import { LinkList, LinkPicker } from './LinkPicker.js';
import { FIVE_WHYS_PART } from './parts.js';
import { CheckList, RemoveButton } from './RemoveButton.js';
import {
  addWhy,
  countBelow,
  emptyWhy,
  nextId,
  removeWhy,
  shortLabel,
  takenIds,
  updateWhy,
} from './tree-edits.js';

type Analyses = readonly FiveWhys[];

/** What every node of the tree needs. */
interface TreeContext {
  readonly doc: PostMortem;
  readonly editor: PartEditor<Analyses>;
  readonly editing: boolean;
  readonly checks: readonly DraftFinding[];
  readonly lint: LintState;
  readonly focusId: string | undefined;
  readonly addUnder: (parentId: string) => void;
}

/** The 5 Whys panel of the analysis section. */
export function FiveWhysEditor({
  props,
  canEdit,
  lint,
}: {
  readonly props: SectionProps;
  readonly canEdit: boolean;
  readonly lint: LintState;
}) {
  const editor = usePartEditor(props, FIVE_WHYS_PART, 'the 5 Whys');
  const [focusId, setFocusId] = useState<string | undefined>();
  const { doc } = props;
  const analyses = editor.value;
  const editing = editor.mode.kind === 'edit';
  const checks = checksUnder(FIVE_WHYS_PART.set(doc, analyses), 'analysis.fiveWhys');
  const addUnder = (parentId: string) => {
    const id = nextId(`${parentId}.`, takenIds(doc, analyses));
    editor.setDraft((current) => addWhy(current, parentId, emptyWhy(id)));
    setFocusId(id);
  };
  const context: TreeContext = { doc, editor, editing, checks, lint, focusId, addUnder };
  const warnings = checks.length;
  return (
    <section className="analysis-panel" aria-labelledby="five-whys-heading">
      <div className="ws-section-header">
        <h3 id="five-whys-heading">5 Whys</h3>
        {canEdit && editor.mode.kind === 'view' ? (
          <button type="button" className="button secondary" onClick={editor.start}>
            Edit 5 Whys
          </button>
        ) : null}
      </div>
      <SavedStatus editor={editor} />
      <PartConflictView editor={editor} label="the 5 Whys" describe={(v) => <WhysOutline analyses={v} />} />
      {editor.mode.kind === 'conflict' ? null : (
        <>
          {warnings > 0 ? (
            <p className="check-count">
              {warnings} check{warnings === 1 ? '' : 's'} to look at, shown under the whys concerned.
            </p>
          ) : null}
          {analyses.length === 0 ? <p className="muted">No 5 Whys analysis yet.</p> : null}
          {analyses.map((analysis, index) => (
            <AnalysisTree key={analysis.id} analysis={analysis} index={index} context={context} />
          ))}
          {editing ? (
            <p>
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  const id = nextId('W-', takenIds(doc, analyses));
                  editor.setDraft((current) => [...current, { id, problem: '', whys: [] }]);
                  setFocusId(id);
                }}
              >
                Add a 5 Whys analysis
              </button>
            </p>
          ) : null}
          <EditBar
            editor={editor}
            saveLabel="Save 5 Whys"
            cancelLabel="Cancel 5 Whys edit"
            problems={(draft) => schemaProblems(FIVE_WHYS_PART.set(doc, draft), 'analysis.fiveWhys')}
          />
        </>
      )}
    </section>
  );
}

/** One analysis: its problem (a heading and text) and the tree of its whys. */
function AnalysisTree({
  analysis,
  index,
  context,
}: {
  readonly analysis: FiveWhys;
  readonly index: number;
  readonly context: TreeContext;
}) {
  const { editor, editing } = context;
  const path = `analysis.fiveWhys[${index}]`;
  const name = shortLabel(analysis.problem, analysis.id);
  const own = context.checks.filter(
    (f) => f.path === path || f.path === `${path}.problem` || f.path === `${path}.id`,
  );
  return (
    <article className="whys-analysis" aria-labelledby={`whys-${analysis.id}`}>
      <h4 id={`whys-${analysis.id}`}>Analysis {analysis.id}</h4>
      {editing ? (
        <div className="field">
          <label htmlFor={`problem-${analysis.id}`}>Problem of {analysis.id}</label>
          <textarea
            id={`problem-${analysis.id}`}
            rows={2}
            value={analysis.problem}
            // biome-ignore lint/a11y/noAutofocus: focus goes to the analysis the user just added
            autoFocus={context.focusId === analysis.id}
            onChange={(e) =>
              editor.setDraft((current) =>
                current.map((a) => (a.id === analysis.id ? { ...a, problem: e.target.value } : a)),
              )
            }
          />
        </div>
      ) : (
        <>
          <p className="prose whys-problem">
            <strong>Problem:</strong> {analysis.problem}
          </p>
          <LintFindings lint={context.lint} path={`${path}.problem`} label={`problem of ${analysis.id}`} />
        </>
      )}
      <CheckList findings={own} />
      {editing ? (
        <div className="ws-actions">
          <button type="button" className="button secondary" onClick={() => context.addUnder(analysis.id)}>
            Add why under “{name}”
          </button>
          <RemoveButton
            what={`analysis ${analysis.id}`}
            name={name}
            below={analysis.whys.reduce((n, w) => n + 1 + countBelow(w, 'whys'), 0)}
            belowWord="why"
            onRemove={() => editor.setDraft((current) => current.filter((a) => a.id !== analysis.id))}
          />
        </div>
      ) : null}
      {analysis.whys.length > 0 ? (
        <ol className="whys-tree" aria-label={`Whys of ${analysis.id}`}>
          {analysis.whys.map((why, i) => (
            <WhyNode key={why.id} why={why} path={`${path}.whys[${i}]`} context={context} />
          ))}
        </ol>
      ) : (
        <p className="muted">No whys yet.</p>
      )}
    </article>
  );
}

/** One why with the whys below it. */
function WhyNode({
  why,
  path,
  context,
}: {
  readonly why: Why;
  readonly path: string;
  readonly context: TreeContext;
}) {
  const { editor, editing, doc } = context;
  const leaf = why.whys.length === 0;
  const name = shortLabel(why.answer, why.id);
  const change = (next: (w: Why) => Why) => editor.setDraft((current) => updateWhy(current, why.id, next));
  // Findings about this why itself, not about the whys below it.
  const own = context.checks.filter(
    (f) => (f.path === path || f.path.startsWith(`${path}.`)) && !f.path.startsWith(`${path}.whys`),
  );
  return (
    <li className={leaf ? 'why root-cause' : 'why'}>
      <div className="why-body">
        {editing ? (
          <div className="field">
            <label htmlFor={`answer-${why.id}`}>Answer of why {why.id}</label>
            <textarea
              id={`answer-${why.id}`}
              rows={2}
              value={why.answer}
              // biome-ignore lint/a11y/noAutofocus: focus goes to the why the user just added
              autoFocus={context.focusId === why.id}
              onChange={(e) => change((w) => ({ ...w, answer: e.target.value }))}
            />
          </div>
        ) : (
          <p className="prose">
            <span className="why-id muted">{why.id}</span> {why.answer}
          </p>
        )}
        {leaf ? (
          editing ? (
            <div className="field inline">
              <label htmlFor={`category-${why.id}`}>Root cause category of {why.id}</label>
              <select
                id={`category-${why.id}`}
                value={why.category ?? ''}
                onChange={(e) =>
                  change((w) => {
                    const { category: _old, ...rest } = w;
                    const value = e.target.value as ContributingFactorCategory | '';
                    return value === '' ? rest : { ...rest, category: value };
                  })
                }
              >
                <option value="">not set</option>
                {CONTRIBUTING_FACTOR_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p className="why-tags">
              <span className="badge root-cause-badge">Root cause</span>
              {why.category ? <span className="badge">{why.category}</span> : null}
            </p>
          )
        ) : null}
        {editing ? (
          <LinkPicker
            doc={doc}
            owner={why.id}
            value={why}
            onChange={(links) => change((w) => ({ ...w, ...links }))}
          />
        ) : (
          <LinkList value={why} />
        )}
        {editing ? null : (
          <LintFindings lint={context.lint} path={`${path}.answer`} label={`why ${why.id}`} />
        )}
        <CheckList findings={own} />
        {editing ? (
          <div className="ws-actions">
            <button type="button" className="button secondary" onClick={() => context.addUnder(why.id)}>
              Add why under “{name}”
            </button>
            <RemoveButton
              what={`why ${why.id}`}
              name={name}
              below={countBelow(why, 'whys')}
              belowWord="why"
              onRemove={() => editor.setDraft((current) => removeWhy(current, why.id))}
            />
          </div>
        ) : null}
      </div>
      {why.whys.length > 0 ? (
        <ol className="whys-tree" aria-label={`Whys under ${why.id}`}>
          {why.whys.map((child, i) => (
            <WhyNode key={child.id} why={child} path={`${path}.whys[${i}]`} context={context} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

/** A 5 Whys version as plain nested lists (both sides of a conflict). */
export function WhysOutline({ analyses }: { readonly analyses: Analyses }) {
  const list = (whys: readonly Why[]) =>
    whys.length === 0 ? null : (
      <ul>
        {whys.map((w) => (
          <li key={w.id}>
            {w.id}: {w.answer}
            {list(w.whys)}
          </li>
        ))}
      </ul>
    );
  return (
    <div>
      {analyses.map((a) => (
        <div key={a.id}>
          <p>
            {a.id}: {a.problem}
          </p>
          {list(a.whys)}
        </div>
      ))}
    </div>
  );
}
