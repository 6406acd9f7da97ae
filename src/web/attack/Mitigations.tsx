/**
 * The ATT&CK mitigations of the techniques seen, as recommendation drafts (`GET /api/post-mortems/:id/attack-
 * mitigations`), and for editors "Add as recommendations" (`POST` the same path), which adds the drafts no
 * recommendation names yet as proposed recommendations (a new version of the document).
 */
import { useState } from 'react';
import { apiSend } from '../api.js';
import { messageOf } from '../indicators/use-api-get.js';
import { type MitigationDrafts, type MitigationsAdded, postMortemPath } from './attack-api.js';

/** Props: the drafts, whether the viewer may add them, and what to do once they were added. */
export interface MitigationsProps {
  readonly postMortemId: string;
  readonly drafts: MitigationDrafts;
  readonly canEdit: boolean;
  readonly onAdded: () => void;
}

/** The drafts table and the add button. */
export function Mitigations({ postMortemId, drafts, canEdit, onAdded }: MitigationsProps) {
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<MitigationsAdded | undefined>();
  const [error, setError] = useState<string | undefined>();
  const open = drafts.drafts.filter((d) => d.recommendedBy === undefined);
  const add = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setAdded(await apiSend<MitigationsAdded>('POST', postMortemPath(postMortemId, 'attack-mitigations')));
      onAdded();
    } catch (cause) {
      setError(messageOf(cause, 'the recommendations could not be added; try again later'));
    } finally {
      setBusy(false);
    }
  };
  if (drafts.drafts.length === 0)
    return <p>No mitigation: the catalogue gives none for the techniques seen.</p>;
  return (
    <div className="attack-mitigations">
      <table className="ws-table">
        <caption>Mitigation drafts ({drafts.drafts.length})</caption>
        <thead>
          <tr>
            <th scope="col">Mitigation</th>
            <th scope="col">Techniques</th>
            <th scope="col">Priority</th>
            <th scope="col">Recommended</th>
          </tr>
        </thead>
        <tbody>
          {drafts.drafts.map((d) => (
            <tr key={d.mitigation}>
              <td>
                <a href={d.url} target="_blank" rel="noopener noreferrer">
                  {d.mitigation} {d.name}
                </a>
              </td>
              <td>{d.techniques.join(', ')}</td>
              <td>{d.draft.priority}</td>
              <td>{d.recommendedBy ? `by ${d.recommendedBy}` : 'not yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit ? (
        <p>
          <button
            type="button"
            className="button secondary"
            onClick={add}
            disabled={busy || open.length === 0}
          >
            Add as recommendations
          </button>{' '}
          {open.length === 0 ? <span className="hint">Every mitigation is recommended already.</span> : null}
        </p>
      ) : null}
      {busy ? (
        <p className="loading" role="status">
          Adding…
        </p>
      ) : null}
      {added ? (
        <p role="status">
          {added.added.length === 0
            ? 'Nothing to add: every mitigation is recommended already.'
            : `Added ${added.added.map((r) => r.id).join(', ')} as proposed recommendations (version ${added.version}).`}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
