/**
 * Lessons learned (`lessons`): each with its category, its text, the evidence and timeline entries that ground it,
 * and whether it may appear in the public report. Editors add, change and remove lessons; language findings
 * show under each lesson's text.
 */
import { useState } from 'react';
import type { Lesson } from '../../core/model.js';
import { LESSON_CATEGORIES, type LessonCategory } from '../../core/vocabulary.js';
import { checksUnder, schemaProblems } from '../analysis/draft-checks.js';
import { LinkList, LinkPicker } from '../analysis/LinkPicker.js';
import { LESSONS_PART } from '../analysis/parts.js';
import { CheckList, RemoveButton } from '../analysis/RemoveButton.js';
import { nextId, shortLabel, takenIds } from '../analysis/tree-edits.js';
import { LintFindings } from '../lint/LintFindings.js';
import type { LintState } from '../lint/use-lint-findings.js';
import { EditBar, SavedStatus } from '../workspace/EditBar.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, usePartEditor } from '../workspace/use-part-editor.js';

/** The lessons learned panel. */
export function LessonsEditor({
  props,
  canEdit,
  lint,
}: {
  readonly props: SectionProps;
  readonly canEdit: boolean;
  readonly lint: LintState;
}) {
  const editor = usePartEditor(props, LESSONS_PART, 'the lessons learned');
  const [focus, setFocus] = useState<string | undefined>();
  const { doc } = props;
  const lessons = editor.value;
  const editing = editor.mode.kind === 'edit';
  const change = (id: string, next: (l: Lesson) => Lesson) =>
    editor.setDraft((current) => current.map((l) => (l.id === id ? next(l) : l)));
  const checks = checksUnder(LESSONS_PART.set(doc, lessons), 'lessons');
  return (
    <section className="evaluation-panel" aria-labelledby="lessons-heading">
      <div className="ws-section-header">
        <h3 id="lessons-heading">Lessons learned</h3>
        {canEdit && editor.mode.kind === 'view' ? (
          <button type="button" className="button secondary" onClick={editor.start}>
            Edit lessons
          </button>
        ) : null}
      </div>
      <SavedStatus editor={editor} />
      <PartConflictView
        editor={editor}
        label="the lessons learned"
        describe={(v) => (
          <ul>
            {v.map((l) => (
              <li key={l.id}>{`${l.id} (${l.category}): ${l.text}`}</li>
            ))}
          </ul>
        )}
      />
      <CheckList findings={checks} />
      {editor.mode.kind === 'conflict' ? null : lessons.length === 0 ? (
        <p className="muted">No lessons learned yet.</p>
      ) : (
        <ul className="lessons" aria-label="Lessons learned">
          {lessons.map((lesson, i) => (
            <li key={lesson.id} className="lesson">
              {editing ? (
                <fieldset className="lesson-edit">
                  <legend>Lesson {lesson.id}</legend>
                  <div className="field inline">
                    <label htmlFor={`lesson-category-${lesson.id}`}>Category of lesson {lesson.id}</label>
                    <select
                      id={`lesson-category-${lesson.id}`}
                      value={lesson.category}
                      onChange={(e) =>
                        change(lesson.id, (l) => ({ ...l, category: e.target.value as LessonCategory }))
                      }
                    >
                      {LESSON_CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`lesson-text-${lesson.id}`}>Text of lesson {lesson.id}</label>
                    <textarea
                      id={`lesson-text-${lesson.id}`}
                      rows={3}
                      value={lesson.text}
                      // biome-ignore lint/a11y/noAutofocus: focus goes to the lesson the user just added
                      autoFocus={focus === lesson.id}
                      onChange={(e) => change(lesson.id, (l) => ({ ...l, text: e.target.value }))}
                    />
                  </div>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={lesson.public === true}
                      onChange={(e) =>
                        change(lesson.id, (l) => {
                          const { public: _old, ...rest } = l;
                          return e.target.checked ? { ...rest, public: true } : rest;
                        })
                      }
                    />
                    Lesson {lesson.id} may appear in the public report
                  </label>
                  <LinkPicker
                    doc={doc}
                    owner={lesson.id}
                    value={lesson}
                    onChange={(links) => change(lesson.id, (l) => ({ ...l, ...links }))}
                  />
                  <RemoveButton
                    what={`lesson ${lesson.id}`}
                    name={shortLabel(lesson.text, lesson.id)}
                    below={0}
                    belowWord="item"
                    onRemove={() => editor.setDraft((current) => current.filter((l) => l.id !== lesson.id))}
                  />
                </fieldset>
              ) : (
                <>
                  <p className="lesson-head">
                    <span className="muted">{lesson.id}</span>{' '}
                    <span className="badge">{lesson.category}</span>
                    {lesson.public ? <span className="badge">public</span> : null}
                  </p>
                  <p className="prose">{lesson.text}</p>
                  <LinkList value={lesson} />
                  <LintFindings lint={lint} path={`lessons[${i}].text`} label={`lesson ${lesson.id}`} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            const id = nextId('L-', takenIds(doc, lessons));
            editor.setDraft((current) => [
              ...current,
              { id, category: 'process-failure', text: '', evidence: [], timeline: [] },
            ]);
            setFocus(id);
          }}
        >
          Add a lesson
        </button>
      ) : null}
      <EditBar
        editor={editor}
        saveLabel="Save lessons"
        cancelLabel="Cancel editing lessons"
        problems={(draft) => schemaProblems(LESSONS_PART.set(doc, draft), 'lessons')}
      />
    </section>
  );
}
