/**
 * The impact of the incident (`doc.impact`), in the Summary section: affected systems with their criticality,
 * records and people affected, data categories, business impact and cost. Everyone reads it; editors
 * (`post-mortem:edit`) edit it with the shared part editor (saved with If-Match; a conflicting edit shows both
 * versions). The draft is checked with the file schema before saving, so every problem is listed with its path.
 */
import { useId } from 'react';
import type { AffectedSystem, Cost, Impact, PostMortem } from '../../core/model.js';
import { PRIORITIES, type Priority } from '../../core/vocabulary.js';
import { schemaProblems } from '../analysis/draft-checks.js';
import { useAuth } from '../auth.js';
import { EditBar, SavedStatus } from './EditBar.js';
import type { DocumentPart } from './save-part.js';
import type { SectionProps } from './sections.js';
import { PartConflictView, usePartEditor } from './use-part-editor.js';
import '../styles/impact.css';

const LABEL = 'the impact';

/** `doc.impact`. */
const IMPACT_PART: DocumentPart<Impact> = {
  get: (d) => d.impact,
  set: (d, v) => ({ ...d, impact: v }),
};

/** `item` with `key` set to `value`, or without `key` when the value is empty (optional fields). */
function withField<T extends object, K extends keyof T>(item: T, key: K, value: T[K] | '' | undefined): T {
  const copy = { ...item } as Record<string, unknown>;
  if (value === '' || value === undefined) delete copy[key as string];
  else copy[key as string] = value;
  return copy as T;
}

/** The cost fields as typed: the amount may be missing while a currency or note is already written. */
interface CostFields {
  readonly amount: number | undefined;
  readonly currency: string;
  readonly note: string;
}

function costFields(impact: Impact): CostFields {
  return {
    amount: impact.cost?.amount,
    currency: impact.cost?.currency ?? '',
    note: impact.cost?.note ?? '',
  };
}

/** The impact with its cost from the fields; no cost when all three are empty. */
function withCost(impact: Impact, fields: CostFields): Impact {
  const { amount, currency, note } = fields;
  if (amount === undefined && currency === '' && note === '') return withField(impact, 'cost', undefined);
  // An amount still missing is left out: the check before saving names it.
  const cost = { ...(amount === undefined ? {} : { amount }), currency, ...(note === '' ? {} : { note }) };
  return { ...impact, cost: cost as Cost };
}

/** A whole number or amount as typed in a number input; empty is "not recorded". */
function numberOf(raw: string): number | undefined {
  return raw.trim() === '' ? undefined : Number(raw);
}

/**
 * What blocks saving `draft` over `doc`: the file schema's reasons (with their paths, e.g.
 * `impact.recordsAffected: Too small…`), a cost without an amount, and a system listed twice.
 */
export function impactProblems(doc: PostMortem, draft: Impact): string[] {
  const noAmount = draft.cost !== undefined && typeof draft.cost.amount !== 'number';
  const problems = schemaProblems(IMPACT_PART.set(doc, draft), 'impact').filter(
    (p) => !(noAmount && p.startsWith('impact.cost.amount:')),
  );
  if (noAmount) {
    problems.unshift(
      'impact.cost.amount: enter the amount, or clear the currency and note to record no cost',
    );
  }
  const seen = new Set<string>();
  draft.systems.forEach((system, index) => {
    const name = system.name.trim().toLowerCase();
    if (name !== '' && seen.has(name)) {
      problems.push(`impact.systems[${index}].name: “${system.name.trim()}” is listed twice`);
    }
    seen.add(name);
  });
  return problems;
}

const count = (n: number | undefined) => (n === undefined ? 'not recorded' : n.toLocaleString('en'));

function costText(cost: Cost | undefined): string {
  if (cost === undefined) return 'not recorded';
  return `${cost.amount.toLocaleString('en')} ${cost.currency}${cost.note ? ` (${cost.note})` : ''}`;
}

/** A version of the impact as a short list (the conflict view). */
function describeImpact(impact: Impact) {
  const systems = impact.systems.map((s) => (s.criticality ? `${s.name} (${s.criticality})` : s.name));
  return (
    <ul>
      <li>Records affected: {count(impact.recordsAffected)}</li>
      <li>People affected: {count(impact.peopleAffected)}</li>
      <li>Cost: {costText(impact.cost)}</li>
      <li>Data categories: {impact.dataCategories.join(', ') || 'none'}</li>
      <li>Business impact: {impact.businessImpact ?? 'not written'}</li>
      <li>Systems: {systems.join(', ') || 'none'}</li>
    </ul>
  );
}

/** The impact panel of the Summary section: the read-only view, and the editor for editors. */
export function ImpactEditor(props: SectionProps) {
  const canEdit = useAuth().can('post-mortem:edit');
  const editor = usePartEditor(props, IMPACT_PART, LABEL);
  const { mode } = editor;
  return (
    <section className="impact" aria-labelledby="impact-heading">
      <div className="ws-section-header">
        <h3 id="impact-heading">Impact</h3>
        {canEdit && mode.kind === 'view' ? (
          <button type="button" className="button secondary" onClick={editor.start}>
            Edit impact
          </button>
        ) : null}
      </div>
      <SavedStatus editor={editor} />
      <PartConflictView editor={editor} label={LABEL} describe={describeImpact} />
      {mode.kind === 'edit' ? (
        <form aria-label="Edit impact" className="impact-form" onSubmit={(e) => e.preventDefault()}>
          <ImpactFields impact={editor.value} onChange={editor.setDraft} />
          <EditBar
            editor={editor}
            saveLabel="Save impact"
            cancelLabel="Cancel editing the impact"
            problems={(draft) => impactProblems(props.doc, draft)}
          />
        </form>
      ) : null}
      {mode.kind === 'view' ? <ImpactFacts impact={props.doc.impact} /> : null}
    </section>
  );
}

/** The stored impact, read-only. */
function ImpactFacts({ impact }: { readonly impact: Impact }) {
  return (
    <>
      <dl className="impact-facts">
        <div>
          <dt>Records affected</dt>
          <dd>{count(impact.recordsAffected)}</dd>
        </div>
        <div>
          <dt>People affected</dt>
          <dd>{count(impact.peopleAffected)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{costText(impact.cost)}</dd>
        </div>
        <div>
          <dt>Data categories</dt>
          <dd>{impact.dataCategories.length === 0 ? 'none recorded' : impact.dataCategories.join(', ')}</dd>
        </div>
      </dl>
      {impact.businessImpact ? <p className="prose">{impact.businessImpact}</p> : null}
      {impact.systems.length > 0 ? (
        <table className="ws-table">
          <caption>Systems affected</caption>
          <thead>
            <tr>
              <th scope="col">System</th>
              <th scope="col">Criticality</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {impact.systems.map((system, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: names may repeat in a file; the order is stable
              <tr key={`${index}-${system.name}`}>
                <td>{system.name}</td>
                <td>{system.criticality ?? ''}</td>
                <td>{system.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No affected systems recorded.</p>
      )}
    </>
  );
}

type Change = (next: (current: Impact) => Impact) => void;

/** Every field of the impact, labelled. */
function ImpactFields({ impact, onChange }: { readonly impact: Impact; readonly onChange: Change }) {
  const id = useId();
  const cost = costFields(impact);
  const setCost = (patch: Partial<CostFields>) =>
    onChange((current) => withCost(current, { ...costFields(current), ...patch }));
  const countField = (key: 'recordsAffected' | 'peopleAffected', label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="number"
        min={0}
        step={1}
        value={impact[key] ?? ''}
        onChange={(e) => {
          const value = numberOf(e.target.value);
          onChange((current) => withField(current, key, value));
        }}
      />
    </div>
  );
  return (
    <>
      <div className="impact-grid">
        {countField('recordsAffected', 'Records affected')}
        {countField('peopleAffected', 'People affected')}
      </div>
      <fieldset className="impact-group">
        <legend>Cost</legend>
        <div className="impact-grid">
          <div className="field">
            <label htmlFor={`${id}-amount`}>Cost amount</label>
            <input
              id={`${id}-amount`}
              type="number"
              min={0}
              step="any"
              value={cost.amount ?? ''}
              onChange={(e) => setCost({ amount: numberOf(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-currency`}>Currency</label>
            <input
              id={`${id}-currency`}
              type="text"
              maxLength={3}
              autoComplete="off"
              aria-describedby={`${id}-currency-hint`}
              value={cost.currency}
              onChange={(e) => setCost({ currency: e.target.value.trim().toUpperCase() })}
            />
            <span id={`${id}-currency-hint`} className="hint">
              ISO 4217 code, e.g. EUR, USD
            </span>
          </div>
          <div className="field impact-wide">
            <label htmlFor={`${id}-note`}>Cost note</label>
            <input
              id={`${id}-note`}
              type="text"
              value={cost.note}
              onChange={(e) => setCost({ note: e.target.value })}
            />
          </div>
        </div>
      </fieldset>
      <DataCategoriesFields categories={impact.dataCategories} onChange={onChange} />
      <div className="field">
        <label htmlFor={`${id}-business`}>Business impact</label>
        <textarea
          id={`${id}-business`}
          rows={3}
          value={impact.businessImpact ?? ''}
          onChange={(e) => {
            const value = e.target.value;
            onChange((current) => withField(current, 'businessImpact', value));
          }}
        />
      </div>
      <SystemsFields systems={impact.systems} onChange={onChange} />
    </>
  );
}

function DataCategoriesFields(props: { readonly categories: readonly string[]; readonly onChange: Change }) {
  const { categories, onChange } = props;
  const id = useId();
  const set = (next: (list: readonly string[]) => readonly string[]) =>
    onChange((current) => ({ ...current, dataCategories: next(current.dataCategories) }));
  return (
    <fieldset className="impact-group">
      <legend>Data categories</legend>
      {categories.length === 0 ? <p className="muted">No data categories.</p> : null}
      <ul className="impact-list">
        {categories.map((category, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the entries are edited in place
          <li key={index}>
            <label htmlFor={`${id}-${index}`}>Data category {index + 1}</label>
            <input
              id={`${id}-${index}`}
              type="text"
              value={category}
              onChange={(e) => {
                const value = e.target.value;
                set((list) => list.map((c, i) => (i === index ? value : c)));
              }}
            />
            <button
              type="button"
              className="button secondary"
              onClick={() => set((list) => list.filter((_, i) => i !== index))}
            >
              Remove data category {index + 1}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button secondary" onClick={() => set((list) => [...list, ''])}>
        Add data category
      </button>
    </fieldset>
  );
}

function SystemsFields(props: { readonly systems: readonly AffectedSystem[]; readonly onChange: Change }) {
  const { systems, onChange } = props;
  const id = useId();
  const set = (next: (list: readonly AffectedSystem[]) => readonly AffectedSystem[]) =>
    onChange((current) => ({ ...current, systems: next(current.systems) }));
  const change = (index: number, next: (system: AffectedSystem) => AffectedSystem) =>
    set((list) => list.map((s, i) => (i === index ? next(s) : s)));
  return (
    <fieldset className="impact-group">
      <legend>Systems affected</legend>
      {systems.length === 0 ? <p className="muted">No affected systems.</p> : null}
      {systems.map((system, index) => {
        const base = `${id}-${index}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the rows are edited in place, names change as typed
          <fieldset key={index} className="impact-system">
            <legend>System {index + 1}</legend>
            <div className="impact-grid">
              <div className="field">
                <label htmlFor={`${base}-name`}>Name</label>
                <input
                  id={`${base}-name`}
                  type="text"
                  value={system.name}
                  onChange={(e) => {
                    const name = e.target.value;
                    change(index, (s) => ({ ...s, name }));
                  }}
                />
              </div>
              <div className="field">
                <label htmlFor={`${base}-criticality`}>Criticality</label>
                <select
                  id={`${base}-criticality`}
                  value={system.criticality ?? ''}
                  onChange={(e) => {
                    const value = e.target.value as Priority | '';
                    change(index, (s) => withField(s, 'criticality', value));
                  }}
                >
                  <option value="">not set</option>
                  {PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field impact-wide">
                <label htmlFor={`${base}-description`}>Description</label>
                <input
                  id={`${base}-description`}
                  type="text"
                  value={system.description ?? ''}
                  onChange={(e) => {
                    const value = e.target.value;
                    change(index, (s) => withField(s, 'description', value));
                  }}
                />
              </div>
            </div>
            <button
              type="button"
              className="button secondary"
              onClick={() => set((list) => list.filter((_, i) => i !== index))}
            >
              Remove system {index + 1}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button secondary"
        onClick={() => set((list) => [...list, { name: '' }])}
      >
        Add system
      </button>
    </fieldset>
  );
}
