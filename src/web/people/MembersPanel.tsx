/**
 * The members of a post-mortem (`GET …/members`): the accounts that may see it when it is restricted. Leads and
 * admins (`post-mortem:members`) add an account by user name (`POST …/members`) and remove one
 * (`DELETE …/members/:user`); everyone else reads the list.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { memberSchema } from '../../contract/accounts.js';
import { apiGet, apiSend } from '../api.js';
import { errorMessage } from '../workspace/save-part.js';

/** A member as the API lists it. */
export type Member = z.infer<typeof memberSchema>;

/** Props: which post-mortem, and whether the caller may change its members. */
export interface MembersPanelProps {
  readonly postMortemId: string;
  readonly canManage: boolean;
  readonly restricted: boolean;
}

/** The members panel. */
export function MembersPanel({ postMortemId, canManage, restricted }: MembersPanelProps) {
  const path = `/post-mortems/${encodeURIComponent(postMortemId)}/members`;
  const [members, setMembers] = useState<readonly Member[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [user, setUser] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setMembers(await apiGet<Member[]>(path));
    } catch (cause) {
      setError(errorMessage(cause, 'the members could not be read'));
    }
  }, [path]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await action());
      await load();
    } catch (cause) {
      setError(errorMessage(cause, 'the members could not be changed; try again'));
    } finally {
      setBusy(false);
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = user.trim();
    if (name === '') return;
    void run(async () => {
      const answer = await apiSend<{ username: string; added: boolean }>('POST', path, { user: name });
      setUser('');
      return answer.added ? `${answer.username} was added.` : `${answer.username} was already a member.`;
    });
  };

  const remove = (username: string) =>
    void run(async () => {
      await apiSend('DELETE', `${path}/${encodeURIComponent(username)}`);
      return `${username} was removed.`;
    });

  return (
    <section className="members-panel" aria-labelledby="members-heading">
      <h3 id="members-heading">Members</h3>
      <p className="hint">
        {restricted
          ? 'This post-mortem is restricted: only its members (and admins) can see it.'
          : 'Members are listed with the post-mortem; it is not restricted, so everyone with access can read it.'}
      </p>
      {message ? <p role="status">{message}</p> : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {members === undefined && error === undefined ? (
        <p role="status" className="loading">
          Loading the members…
        </p>
      ) : null}
      {members !== undefined && members.length === 0 ? <p className="muted">No members yet.</p> : null}
      {members !== undefined && members.length > 0 ? (
        <table className="ws-table">
          <caption>Members</caption>
          <thead>
            <tr>
              <th scope="col">User name</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Added</th>
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.username}>
                <th scope="row">{member.username}</th>
                <td>{member.displayName}</td>
                <td>{member.role}</td>
                <td>
                  {member.addedAt.slice(0, 10)} by {member.addedBy}
                </td>
                {canManage ? (
                  <td>
                    <button
                      type="button"
                      className="button secondary"
                      disabled={busy}
                      onClick={() => remove(member.username)}
                    >
                      Remove {member.username}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canManage ? (
        <form className="member-add" onSubmit={add} aria-label="Add member">
          <div className="field">
            <label htmlFor="member-user">User name to add</label>
            <input id="member-user" type="text" value={user} onChange={(e) => setUser(e.target.value)} />
          </div>
          <button type="submit" className="button primary" disabled={busy || user.trim() === ''}>
            Add member
          </button>
        </form>
      ) : null}
    </section>
  );
}
