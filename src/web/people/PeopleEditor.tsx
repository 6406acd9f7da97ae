/**
 * People and roles (`doc.people`): who took part in the incident or its review, with their team, job title,
 * e-mail and review roles. Editors edit the whole list with the shared part editor (saved with If-Match; a
 * conflicting edit shows both versions).
 */
import type { Person } from '../../core/model.js';
import { REVIEW_ROLES, type ReviewRole } from '../../core/vocabulary.js';
import { EditBar, problemsOf } from '../workspace/EditBar.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, usePartEditor } from '../workspace/use-part-editor.js';
import { nextId, PEOPLE_PART, peopleProblem, withOptional } from './people-parts.js';

const LABEL = 'the people';

/** The roles of a person in words. */
function rolesText(person: Person): string {
  return person.roles.length === 0 ? 'no role' : person.roles.join(', ');
}

/** People as a short list (the conflict view). */
function describePeople(people: readonly Person[]) {
  if (people.length === 0) return <p className="muted">No people.</p>;
  return (
    <ul>
      {people.map((p) => (
        <li key={p.id}>
          {p.name} ({p.id}): {rolesText(p)}
        </li>
      ))}
    </ul>
  );
}

/** The people and roles panel. */
export function PeopleEditor(props: SectionProps & { readonly canEdit: boolean }) {
  const { doc, canEdit } = props;
  const editor = usePartEditor(props, PEOPLE_PART, LABEL);
  const { mode } = editor;

  const change = (index: number, next: Person) =>
    editor.setDraft((people) => people.map((p, i) => (i === index ? next : p)));

  return (
    <section className="people-panel" aria-labelledby="people-heading">
      <div className="ws-section-header">
        <h3 id="people-heading">People and roles</h3>
        {canEdit && mode.kind === 'view' ? (
          <button type="button" className="button secondary" onClick={editor.start}>
            Edit people
          </button>
        ) : null}
      </div>
      {mode.kind === 'view' && mode.message ? <p role="status">{mode.message}</p> : null}
      <PartConflictView editor={editor} label={LABEL} describe={describePeople} />
      {mode.kind === 'edit' ? (
        <form aria-label="Edit people" className="people-form" onSubmit={(e) => e.preventDefault()}>
          {editor.value.map((person, index) => (
            <PersonFields
              // biome-ignore lint/suspicious/noArrayIndexKey: the rows are edited in place, ids change as typed
              key={index}
              index={index}
              person={person}
              onChange={(next) => change(index, next)}
              onRemove={() => editor.setDraft((people) => people.filter((_, i) => i !== index))}
            />
          ))}
          <div className="ws-actions">
            <button
              type="button"
              className="button secondary"
              onClick={() =>
                editor.setDraft((people) => [
                  ...people,
                  { id: nextId('P', doc, people), name: '', roles: [] },
                ])
              }
            >
              Add person
            </button>
          </div>
          <EditBar
            editor={editor}
            saveLabel="Save people"
            problems={(draft) => problemsOf(peopleProblem(draft))}
          />
        </form>
      ) : null}
      {mode.kind === 'view' ? <PeopleTable people={doc.people} /> : null}
    </section>
  );
}

function PeopleTable({ people }: { readonly people: readonly Person[] }) {
  if (people.length === 0) return <p className="muted">No people recorded yet.</p>;
  return (
    <div className="table-scroll">
      <table className="ws-table">
        <caption>People and roles</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Id</th>
            <th scope="col">Team</th>
            <th scope="col">Job title</th>
            <th scope="col">E-mail</th>
            <th scope="col">Roles</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id}>
              <th scope="row">{person.name}</th>
              <td>{person.id}</td>
              <td>{person.team ?? ''}</td>
              <td>{person.jobTitle ?? ''}</td>
              <td>{person.email ?? ''}</td>
              <td>{rolesText(person)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PersonFields(props: {
  readonly index: number;
  readonly person: Person;
  readonly onChange: (person: Person) => void;
  readonly onRemove: () => void;
}) {
  const { index, person, onChange, onRemove } = props;
  const base = `person-${index}`;
  const text = (key: 'name' | 'id', label: string) => (
    <div className="field">
      <label htmlFor={`${base}-${key}`}>{label}</label>
      <input
        id={`${base}-${key}`}
        type="text"
        value={person[key]}
        onChange={(e) => onChange({ ...person, [key]: e.target.value })}
      />
    </div>
  );
  const optional = (key: 'team' | 'jobTitle' | 'email', label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${base}-${key}`}>{label}</label>
      <input
        id={`${base}-${key}`}
        type={type}
        value={person[key] ?? ''}
        onChange={(e) => onChange(withOptional(person, key, e.target.value))}
      />
    </div>
  );
  const toggle = (role: ReviewRole, on: boolean) =>
    onChange({
      ...person,
      roles: on
        ? REVIEW_ROLES.filter((r) => r === role || person.roles.includes(r))
        : person.roles.filter((r) => r !== role),
    });
  return (
    <fieldset className="person-fields">
      <legend>Person {index + 1}</legend>
      <div className="form-grid">
        {text('name', 'Name')}
        {text('id', 'Id')}
        {optional('team', 'Team')}
        {optional('jobTitle', 'Job title')}
        {optional('email', 'E-mail', 'email')}
      </div>
      <fieldset className="roles">
        <legend>Roles</legend>
        {REVIEW_ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={person.roles.includes(role)}
              onChange={(e) => toggle(role, e.target.checked)}
            />
            {role}
          </label>
        ))}
      </fieldset>
      <button type="button" className="button secondary" onClick={onRemove}>
        Remove person {index + 1}
      </button>
    </fieldset>
  );
}
