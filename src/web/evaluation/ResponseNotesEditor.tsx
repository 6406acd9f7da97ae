/**
 * The team's own view of the response: what went well, what went poorly, and the lucky breaks
 * (`evaluation.wentWell`, `wentPoorly`, `luckyBreaks`; the scorecard lists them as strengths, weaknesses and lucky
 * breaks). Editors add, change and remove items; language findings show under each item.
 */
import { useState } from 'react';
import { checksUnder, schemaProblems } from '../analysis/draft-checks.js';
import { RESPONSE_NOTES_PART, type ResponseNotes } from '../analysis/parts.js';
import { CheckList, RemoveButton } from '../analysis/RemoveButton.js';
import { shortLabel } from '../analysis/tree-edits.js';
import { LintFindings } from '../lint/LintFindings.js';
import type { LintState } from '../lint/use-lint-findings.js';
import { EditBar, SavedStatus } from '../workspace/EditBar.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, usePartEditor } from '../workspace/use-part-editor.js';

type NoteKey = keyof ResponseNotes;
const LISTS: readonly (readonly [NoteKey, string, string])[] = [
  ['wentWell', 'What went well', 'went well'],
  ['wentPoorly', 'What went poorly', 'went poorly'],
  ['luckyBreaks', 'Lucky breaks', 'lucky break'],
];

/** The "went well / went poorly / lucky breaks" panel. */
export function ResponseNotesEditor({
  props,
  canEdit,
  lint,
}: {
  readonly props: SectionProps;
  readonly canEdit: boolean;
  readonly lint: LintState;
}) {
  const editor = usePartEditor(props, RESPONSE_NOTES_PART, 'the notes on the response');
  const [focus, setFocus] = useState<string | undefined>();
  const { doc } = props;
  const notes = editor.value;
  const editing = editor.mode.kind === 'edit';
  const setList = (key: NoteKey, next: (items: readonly string[]) => readonly string[]) =>
    editor.setDraft((current) => ({ ...current, [key]: next(current[key]) }));
  const checks = checksUnder(RESPONSE_NOTES_PART.set(doc, notes), 'evaluation');
  return (
    <section className="evaluation-panel" aria-labelledby="notes-heading">
      <div className="ws-section-header">
        <h3 id="notes-heading">What went well and poorly</h3>
        {canEdit && editor.mode.kind === 'view' ? (
          <button type="button" className="button secondary" onClick={editor.start}>
            Edit what went well and poorly
          </button>
        ) : null}
      </div>
      <SavedStatus editor={editor} />
      <PartConflictView
        editor={editor}
        label="the notes on the response"
        describe={(v) => (
          <ul>
            {LISTS.flatMap(([key, title]) =>
              v[key].map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: plain strings, shown once, never reordered
                <li key={`${key}${i}`}>{`${title}: ${item}`}</li>
              )),
            )}
          </ul>
        )}
      />
      <CheckList findings={checks} />
      {editor.mode.kind === 'conflict'
        ? null
        : LISTS.map(([key, title, singular]) => (
            <div key={key} className="notes-list">
              <h4>{title}</h4>
              {notes[key].length === 0 ? <p className="muted">Nothing noted yet.</p> : null}
              <ul aria-label={title}>
                {notes[key].map((item, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the items are plain strings, addressed by position
                  <li key={i}>
                    {editing ? (
                      <div className="note-edit">
                        <label htmlFor={`${key}-${i}`}>{`${title}, item ${i + 1}`}</label>
                        <textarea
                          id={`${key}-${i}`}
                          rows={2}
                          value={item}
                          // biome-ignore lint/a11y/noAutofocus: focus goes to the item the user just added
                          autoFocus={focus === `${key}-${i}`}
                          onChange={(e) =>
                            setList(key, (items) => items.map((it, j) => (j === i ? e.target.value : it)))
                          }
                        />
                        <RemoveButton
                          what={`this ${singular} item`}
                          name={shortLabel(item, `${singular} ${i + 1}`)}
                          below={0}
                          belowWord="item"
                          onRemove={() => setList(key, (items) => items.filter((_, j) => j !== i))}
                        />
                      </div>
                    ) : (
                      <>
                        <span className="prose">{item}</span>
                        <LintFindings
                          lint={lint}
                          path={`evaluation.${key}[${i}]`}
                          label={`${title}, item ${i + 1}`}
                        />
                      </>
                    )}
                  </li>
                ))}
              </ul>
              {editing ? (
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    setFocus(`${key}-${notes[key].length}`);
                    setList(key, (items) => [...items, '']);
                  }}
                >
                  Add to {title.toLowerCase()}
                </button>
              ) : null}
            </div>
          ))}
      <EditBar
        editor={editor}
        saveLabel="Save what went well and poorly"
        cancelLabel="Cancel editing what went well and poorly"
        problems={(draft) => schemaProblems(RESPONSE_NOTES_PART.set(doc, draft), 'evaluation')}
      />
    </section>
  );
}
