/**
 * The editing state of one part of a post-mortem, shared by every section that edits the document: view → edit
 * (a draft started from the stored part) → save (`savePart`: merged onto others' versions when they left this
 * part alone) → view, or → conflict (both versions shown by `PartConflictView`, keep mine or take theirs).
 * Nothing is overwritten unseen.
 */
import type { ReactNode } from 'react';
import { useCallback, useState } from 'react';
import type { PostMortem } from '../../core/model.js';
import {
  type DocumentPart,
  errorMessage,
  keepMine,
  type PartConflict,
  type SaveOutcome,
  savePart,
} from './save-part.js';
import type { SectionProps } from './sections.js';

/** Where the editor is. */
export type PartMode<T> =
  | { readonly kind: 'view'; readonly message?: string }
  | {
      readonly kind: 'edit';
      readonly base: T;
      readonly draft: T;
      /** The version the edit started from: saved against it, so a version shown meanwhile is never overwritten. */
      readonly onto: PostMortem;
      readonly ontoEtag: string | undefined;
      readonly error?: string;
    }
  | { readonly kind: 'conflict'; readonly conflict: PartConflict<T>; readonly error?: string };

/** What a section gets from `usePartEditor`. */
export interface PartEditor<T> {
  readonly mode: PartMode<T>;
  readonly saving: boolean;
  /** The draft while editing, else the stored part. */
  readonly value: T;
  /** Starts editing from the stored part. */
  readonly start: () => void;
  /** Changes the draft (only while editing). */
  readonly setDraft: (next: T | ((current: T) => T)) => void;
  readonly cancel: () => void;
  /** Saves the draft. */
  readonly save: () => Promise<void>;
  /** Saves a new value at once, without an edit mode (a drag on a board, a checkbox). */
  readonly saveNow: (value: T) => Promise<void>;
  /** After a conflict: keep my version over theirs. */
  readonly keepMine: () => Promise<void>;
  /** After a conflict: drop my version and show theirs. */
  readonly takeTheirs: () => void;
}

/** The editor of `part` of the section's document; `label` names the part in messages ("the 5 Whys"). */
export function usePartEditor<T>(props: SectionProps, part: DocumentPart<T>, label: string): PartEditor<T> {
  const { postMortemId, doc, etag, onSaved } = props;
  const [mode, setMode] = useState<PartMode<T>>({ kind: 'view' });
  const [saving, setSaving] = useState(false);

  const settle = useCallback(
    async (run: () => Promise<SaveOutcome<T>>, onError: (message: string) => void) => {
      setSaving(true);
      try {
        const outcome = await run();
        if (outcome.kind === 'saved') {
          onSaved(outcome.doc, outcome.etag);
          const version = outcome.doc.version === undefined ? '' : ` as version ${outcome.doc.version}`;
          setMode({
            kind: 'view',
            message: outcome.merged
              ? `Saved${version}, together with the changes someone else made meanwhile.`
              : `Saved${version}.`,
          });
        } else {
          setMode({ kind: 'conflict', conflict: outcome.conflict });
        }
      } catch (error) {
        onError(errorMessage(error, `${label} could not be saved; try again`));
      } finally {
        setSaving(false);
      }
    },
    [label, onSaved],
  );

  const withError = (message: string) =>
    setMode((current) =>
      current.kind === 'view' ? { kind: 'view', message } : { ...current, error: message },
    );

  return {
    mode,
    saving,
    value: mode.kind === 'edit' ? mode.draft : part.get(doc),
    start: () => {
      const base = part.get(doc);
      setMode({ kind: 'edit', base, draft: base, onto: doc, ontoEtag: etag });
    },
    setDraft: (next) =>
      setMode((current) =>
        current.kind === 'edit'
          ? ({
              ...current,
              draft: typeof next === 'function' ? (next as (c: T) => T)(current.draft) : next,
              error: undefined,
            } as PartMode<T>)
          : current,
      ),
    cancel: () => setMode({ kind: 'view' }),
    save: async () => {
      if (mode.kind !== 'edit') return;
      // Against the version the edit started from: when someone's version arrived meanwhile (the change stream
      // shows it at once), the server answers 409 and savePart merges or shows both versions.
      const { base, draft, onto, ontoEtag } = mode;
      await settle(() => savePart(postMortemId, part, onto, ontoEtag, base, draft), withError);
    },
    saveNow: async (value) => {
      const base = part.get(doc);
      await settle(() => savePart(postMortemId, part, doc, etag, base, value), withError);
    },
    keepMine: async () => {
      if (mode.kind !== 'conflict') return;
      const { conflict } = mode;
      await settle(() => keepMine(postMortemId, part, conflict), withError);
    },
    takeTheirs: () => {
      if (mode.kind !== 'conflict') return;
      onSaved(mode.conflict.theirsDoc, mode.conflict.theirsEtag);
      setMode({ kind: 'view', message: 'Your edit was discarded; this is the stored version.' });
    },
  };
}

/** Props of the conflict view. */
export interface PartConflictViewProps<T> {
  readonly editor: PartEditor<T>;
  /** Names the part ("the 5 Whys"). */
  readonly label: string;
  /** How a version of the part reads (a list, a table; plain text is fine). */
  readonly describe: (value: T) => ReactNode;
}

/** Both versions of a part side by side, with "Keep mine" and "Take theirs". Renders nothing without a conflict. */
export function PartConflictView<T>({ editor, label, describe }: PartConflictViewProps<T>) {
  const { mode } = editor;
  if (mode.kind !== 'conflict') return null;
  const { conflict } = mode;
  const version = conflict.theirsDoc.version;
  const theirsName = version === undefined ? 'the stored version' : `version ${version}`;
  return (
    <section className="conflict" aria-label={`Conflict in ${label}`}>
      <h3>Someone else changed {label} while you were editing</h3>
      <p role="alert">
        Your changes were not saved: {theirsName} changed {label} too. Choose the version to keep.
      </p>
      <div className="conflict-sides">
        <div className="conflict-side">
          <h4>Your version</h4>
          <div className="conflict-value">{describe(conflict.mine)}</div>
        </div>
        <div className="conflict-side">
          <h4>Their version ({theirsName})</h4>
          <div className="conflict-value">{describe(conflict.theirs)}</div>
        </div>
      </div>
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
          onClick={() => void editor.keepMine()}
        >
          {editor.saving ? 'Saving…' : 'Keep mine'}
        </button>
        <button type="button" className="button secondary" onClick={editor.takeTheirs}>
          Take theirs
        </button>
      </div>
    </section>
  );
}

/** The section's document with a part replaced: a helper for `DocumentPart.set` of top-level keys. */
export function withKey<K extends keyof PostMortem>(
  doc: PostMortem,
  key: K,
  value: PostMortem[K],
): PostMortem {
  return { ...doc, [key]: value };
}
