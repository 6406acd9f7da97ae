/**
 * Small pieces shared by the analysis editors: a Remove button that asks for confirmation inline when the item
 * has something below it (a why with its whys, a category with its causes), and the list of check findings
 * shown under the item they concern.
 */
import { useState } from 'react';
import type { DraftFinding } from './draft-checks.js';

/** Props of `RemoveButton`. */
export interface RemoveButtonProps {
  /** What is removed, for the confirmation ("why W-1.1"). */
  readonly what: string;
  /** The item's short text, in the button's name: Remove “…”. */
  readonly name: string;
  /** How many items go with it. */
  readonly below: number;
  /** What those items are ("why" → "3 whys"). */
  readonly belowWord: string;
  readonly onRemove: () => void;
}

/** "Remove “…”", then "Confirm removing “…”" / "Keep “…”" (always confirmed: removing loses text). */
export function RemoveButton({ what, name, below, belowWord, onRemove }: RemoveButtonProps) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="button secondary danger" onClick={() => setConfirming(true)}>
        Remove “{name}”
      </button>
    );
  }
  const extra = below === 0 ? '' : ` and the ${below} ${belowWord}${below === 1 ? '' : 's'} below it`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of two buttons, not a form fieldset
    <div className="confirm-remove" role="group" aria-label={`Confirm removing ${what}`}>
      <span>
        Remove {what}
        {extra}?
      </span>
      <button
        type="button"
        className="button danger-solid"
        // biome-ignore lint/a11y/noAutofocus: the confirmation takes the focus of the button that opened it
        autoFocus
        onClick={() => {
          setConfirming(false);
          onRemove();
        }}
      >
        Confirm removing “{name}”
      </button>
      <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
        Keep “{name}”
      </button>
    </div>
  );
}

/** The check findings of one item, as a short list of warnings and errors. */
export function CheckList({ findings }: { readonly findings: readonly DraftFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul className="check-findings" aria-label="Checks">
      {findings.map((f) => (
        <li key={`${f.code}:${f.path}`} className={`check-finding ${f.level}`}>
          <span className="check-level">{f.level === 'error' ? 'Error' : 'Warning'}</span> {f.message}
        </li>
      ))}
    </ul>
  );
}
