/**
 * The save bar of a part editor: what blocks the save (the file schema's reasons, checked in the browser first so
 * the user sees every problem at once), the server's error, and the Save / Cancel buttons; and the view-mode
 * status line ("Saved as version 4.").
 */
import { useState } from 'react';
import type { PartEditor } from './use-part-editor.js';
import '../styles/edit-bar.css';

/** Props of `EditBar`. */
export interface EditBarProps<T> {
  readonly editor: PartEditor<T>;
  /** The save button's text ("Save 5 Whys"). */
  readonly saveLabel: string;
  /** The cancel button's text ("Cancel editing the 5 Whys"); "Cancel" by default. */
  readonly cancelLabel?: string;
  /** The problems that block saving the draft (empty when it may be saved). */
  readonly problems: (draft: T) => readonly string[];
}

/** The problems list `EditBar` wants, from a check that names one problem or none. */
export function problemsOf(problem: string | undefined): readonly string[] {
  return problem === undefined ? [] : [problem];
}

/** Save and Cancel for a draft, with the problems that block the save. Renders nothing outside edit mode. */
export function EditBar<T>({ editor, saveLabel, cancelLabel, problems }: EditBarProps<T>) {
  const [blocked, setBlocked] = useState<readonly string[]>([]);
  const { mode } = editor;
  if (mode.kind !== 'edit') return null;
  return (
    <div className="edit-bar">
      {blocked.length > 0 ? (
        <div role="alert" className="error">
          <p>Not saved: fix these first.</p>
          <ul>
            {blocked.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {mode.error ? (
        <p role="alert" className="error">
          {mode.error}
        </p>
      ) : null}
      <div className="ws-actions">
        <button
          type="button"
          className="button primary"
          disabled={editor.saving}
          onClick={() => {
            const found = problems(mode.draft);
            setBlocked(found);
            if (found.length === 0) void editor.save();
          }}
        >
          {editor.saving ? 'Saving…' : saveLabel}
        </button>
        <button type="button" className="button secondary" onClick={editor.cancel}>
          {cancelLabel ?? 'Cancel'}
        </button>
      </div>
    </div>
  );
}

/** The message of the last save (or of a discarded edit) while viewing. */
export function SavedStatus<T>({ editor }: { readonly editor: PartEditor<T> }) {
  const { mode } = editor;
  if (mode.kind !== 'view' || mode.message === undefined) return null;
  return (
    <p role="status" className="saved-status">
      {mode.message}
    </p>
  );
}
