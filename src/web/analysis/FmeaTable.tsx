/**
 * The FMEA table: failure modes ranked by risk priority number (core `sortFmea`, highest first), each with its
 * action priority (core `actionPriority`: severity first; `high` rows are highlighted and say so in words).
 * Editors change every field and the three 1–10 ratings with labelled number inputs, the RPN recomputed as they
 * type; rows keep their place while editing (so the row being typed in does not jump away) until "Sort by RPN"
 * or the save, after which the table is ranked again.
 */
import { useState } from 'react';
import { actionPriority, RATING_GUIDE, rpn, sortFmea } from '../../core/fmea.js';
import type { FmeaRow, FmeaScores } from '../../core/model-analysis.js';
import { EditBar, SavedStatus } from '../workspace/EditBar.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, usePartEditor } from '../workspace/use-part-editor.js';
import { checksUnder, schemaProblems } from './draft-checks.js';
import { FMEA_PART } from './parts.js';
import { CheckList, RemoveButton } from './RemoveButton.js';
import { nextId, shortLabel, takenIds } from './tree-edits.js';

type TextField = 'function' | 'failureMode' | 'effect' | 'cause' | 'controls';
const TEXT_FIELDS: readonly (readonly [TextField, string])[] = [
  ['function', 'Function'],
  ['failureMode', 'Failure mode'],
  ['effect', 'Effect'],
  ['cause', 'Cause'],
  ['controls', 'Controls'],
];
const RATINGS: readonly (readonly [keyof FmeaScores, string])[] = [
  ['severity', 'Severity'],
  ['occurrence', 'Occurrence'],
  ['detection', 'Detection'],
];

/** Rows in the order of `ids`, rows not in it (just added) at the end. */
function inOrder(rows: readonly FmeaRow[], ids: readonly string[]): FmeaRow[] {
  const rank = (id: string) => {
    const i = ids.indexOf(id);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => rank(a.row.id) - rank(b.row.id) || a.index - b.index)
    .map(({ row }) => row);
}

/** The FMEA panel of the analysis section. */
export function FmeaTable({ props, canEdit }: { readonly props: SectionProps; readonly canEdit: boolean }) {
  const editor = usePartEditor(props, FMEA_PART, 'the FMEA');
  const [order, setOrder] = useState<readonly string[]>([]);
  const { doc } = props;
  const editing = editor.mode.kind === 'edit';
  const rows = editing ? inOrder(editor.value, order) : sortFmea(editor.value);
  const checks = checksUnder(FMEA_PART.set(doc, editor.value), 'analysis.fmea');
  const change = (id: string, next: (row: FmeaRow) => FmeaRow) =>
    editor.setDraft((current) => current.map((r) => (r.id === id ? next(r) : r)));
  return (
    <section className="analysis-panel" aria-labelledby="fmea-heading">
      <div className="ws-section-header">
        <h3 id="fmea-heading">FMEA</h3>
        {canEdit && editor.mode.kind === 'view' ? (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setOrder(sortFmea(editor.value).map((r) => r.id));
              editor.start();
            }}
          >
            Edit FMEA
          </button>
        ) : null}
      </div>
      <SavedStatus editor={editor} />
      <PartConflictView editor={editor} label="the FMEA" describe={(v) => <FmeaOutline rows={v} />} />
      <p className="hint">
        RPN = severity × occurrence × detection (1 to 1,000). Action priority weighs severity first; rows of
        high priority are marked.
      </p>
      <CheckList findings={checks} />
      {rows.length === 0 ? (
        <p className="muted">No FMEA rows yet.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls; keyboard users need to reach it
        <section className="fmea-scroll" aria-label="FMEA table, scrollable" tabIndex={0}>
          <table className={editing ? 'ws-table fmea-table editing' : 'ws-table fmea-table'}>
            <caption>FMEA rows by RPN, highest first</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                {TEXT_FIELDS.map(([, label]) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
                {RATINGS.map(([, label]) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
                <th scope="col">RPN</th>
                <th scope="col">Action priority</th>
                <th scope="col">{editing ? 'Remove' : 'Re-scored RPN'}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const priority = actionPriority(row);
                return (
                  <tr key={row.id} className={`fmea-row priority-${priority}`}>
                    <th scope="row">{row.id}</th>
                    {TEXT_FIELDS.map(([field, label]) => (
                      <td key={field}>
                        {editing ? (
                          <textarea
                            aria-label={`${label} of ${row.id}`}
                            rows={2}
                            value={row[field] ?? ''}
                            onChange={(e) => {
                              const value = e.target.value;
                              change(row.id, (r) => {
                                if (field !== 'controls') return { ...r, [field]: value };
                                const { controls: _old, ...rest } = r;
                                return value === '' ? rest : { ...rest, controls: value };
                              });
                            }}
                          />
                        ) : (
                          (row[field] ?? '')
                        )}
                      </td>
                    ))}
                    {RATINGS.map(([field, label]) => (
                      <td key={field} className="num">
                        {editing ? (
                          <input
                            type="number"
                            min={1}
                            max={10}
                            step={1}
                            aria-label={`${label} of ${row.id} (1 to 10)`}
                            title={RATING_GUIDE[field][row[field] - 1]}
                            value={Number.isNaN(row[field]) ? '' : row[field]}
                            onChange={(e) => {
                              const value = e.target.valueAsNumber;
                              change(row.id, (r) => ({ ...r, [field]: Number.isNaN(value) ? 0 : value }));
                            }}
                          />
                        ) : (
                          row[field]
                        )}
                      </td>
                    ))}
                    <td className="num rpn">
                      {editing ? <output aria-label={`RPN of ${row.id}`}>{rpn(row)}</output> : rpn(row)}
                    </td>
                    <td className={`priority priority-${priority}`}>{priority}</td>
                    <td>
                      {editing ? (
                        <RemoveButton
                          what={`FMEA row ${row.id}`}
                          name={shortLabel(row.failureMode, row.id, 4)}
                          below={0}
                          belowWord="row"
                          onRemove={() =>
                            editor.setDraft((current) => current.filter((r) => r.id !== row.id))
                          }
                        />
                      ) : row.rescored ? (
                        rpn(row.rescored)
                      ) : (
                        <span className="muted">not re-scored</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      {editing ? (
        <div className="ws-actions">
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              const id = nextId('FM-', takenIds(doc, editor.value));
              editor.setDraft((current) => [
                ...current,
                {
                  id,
                  function: '',
                  failureMode: '',
                  effect: '',
                  cause: '',
                  severity: 1,
                  occurrence: 1,
                  detection: 1,
                },
              ]);
            }}
          >
            Add FMEA row
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => setOrder(sortFmea(editor.value).map((r) => r.id))}
          >
            Sort by RPN
          </button>
        </div>
      ) : null}
      <EditBar
        editor={editor}
        saveLabel="Save FMEA"
        cancelLabel="Cancel FMEA edit"
        problems={(draft) => schemaProblems(FMEA_PART.set(doc, draft), 'analysis.fmea')}
      />
    </section>
  );
}

/** An FMEA version as text (both sides of a conflict). */
function FmeaOutline({ rows }: { readonly rows: readonly FmeaRow[] }) {
  return (
    <ul>
      {sortFmea(rows).map((r) => (
        <li key={r.id}>
          {r.id} {r.failureMode}: S{r.severity} O{r.occurrence} D{r.detection}, RPN {rpn(r)}
        </li>
      ))}
    </ul>
  );
}
