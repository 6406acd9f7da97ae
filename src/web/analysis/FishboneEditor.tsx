/**
 * The fishbone (Ishikawa) panel: the diagram drawn as SVG (it follows the draft while editing) and, as the
 * accessible alternative and the editing surface, the categories as headings with their causes as nested lists.
 * Editors change the effect, add, rename and remove categories (a category's causes go with it, after
 * confirming), and add, edit and remove causes and sub-causes.
 */
import { useId, useState } from 'react';
import type { PostMortem } from '../../core/model.js';
import type { Fishbone, FishboneSubCause } from '../../core/model-analysis.js';
import { EditBar, SavedStatus } from '../workspace/EditBar.js';
import type { SectionProps } from '../workspace/sections.js';
import { PartConflictView, type PartEditor, usePartEditor } from '../workspace/use-part-editor.js';
import { checksUnder, schemaProblems } from './draft-checks.js';
import { FishboneDiagram } from './FishboneDiagram.js';
import { LinkList, LinkPicker } from './LinkPicker.js';
import { FISHBONE_PART } from './parts.js';
import { CheckList, RemoveButton } from './RemoveButton.js';
import {
  addSubCause,
  countBelow,
  nextId,
  removeCause,
  setCauseText,
  shortLabel,
  takenIds,
} from './tree-edits.js';

interface Ctx {
  readonly doc: PostMortem;
  readonly editor: PartEditor<Fishbone>;
  readonly editing: boolean;
  readonly focusId: string | undefined;
  readonly add: (parentId: string | undefined, category: string) => void;
}

/** The fishbone panel of the analysis section. */
export function FishboneEditor({
  props,
  canEdit,
}: {
  readonly props: SectionProps;
  readonly canEdit: boolean;
}) {
  const editor = usePartEditor(props, FISHBONE_PART, 'the fishbone');
  const [focusId, setFocusId] = useState<string | undefined>();
  const [newCategory, setNewCategory] = useState('');
  const { doc } = props;
  const fishbone = editor.value;
  const draftDoc = FISHBONE_PART.set(doc, fishbone);
  const editing = editor.mode.kind === 'edit';
  const checks = checksUnder(draftDoc, 'analysis.fishbone');
  const add = (parentId: string | undefined, category: string) => {
    const taken = takenIds(doc, fishbone);
    const id = nextId(parentId === undefined ? 'FB-' : `${parentId}.`, taken);
    const fresh = { id, text: '', evidence: [], timeline: [], causes: [] };
    editor.setDraft((current) => ({
      ...current,
      causes:
        parentId === undefined
          ? [...current.causes, { ...fresh, category }]
          : addSubCause(current.causes, parentId, fresh),
    }));
    setFocusId(id);
  };
  const ctx: Ctx = { doc, editor, editing, focusId, add };
  const categoryTaken = (name: string) => name.trim() === '' || fishbone.categories.includes(name.trim());
  // Causes under a category the fishbone does not list still show (the checks flag them).
  const categories = [
    ...fishbone.categories,
    ...fishbone.causes
      .map((c) => c.category)
      .filter((c, i, all) => !fishbone.categories.includes(c) && all.indexOf(c) === i),
  ];
  return (
    <section className="analysis-panel" aria-labelledby="fishbone-heading">
      <div className="ws-section-header">
        <h3 id="fishbone-heading">Fishbone</h3>
        {canEdit && editor.mode.kind === 'view' ? (
          <button type="button" className="button secondary" onClick={editor.start}>
            Edit fishbone
          </button>
        ) : null}
      </div>
      <SavedStatus editor={editor} />
      <PartConflictView
        editor={editor}
        label="the fishbone"
        describe={(v) => <FishboneOutline fishbone={v} />}
      />
      <FishboneDiagram doc={draftDoc} />
      {editing ? (
        <div className="field">
          <label htmlFor="fishbone-problem">Effect at the head of the fishbone</label>
          <input
            id="fishbone-problem"
            value={fishbone.problem ?? ''}
            placeholder={doc.title}
            onChange={(e) => {
              const problem = e.target.value;
              editor.setDraft((current) => {
                const { problem: _old, ...rest } = current;
                return problem === '' ? rest : { ...rest, problem };
              });
            }}
          />
        </div>
      ) : (
        <p>
          <strong>Effect:</strong> {fishbone.problem ?? doc.title}
        </p>
      )}
      <CheckList findings={checks} />
      <div className={editing ? 'fishbone-list editing' : 'fishbone-list'}>
        {categories.map((category) => (
          <CategoryBlock
            key={category}
            category={category}
            fishbone={fishbone}
            ctx={ctx}
            taken={categoryTaken}
          />
        ))}
      </div>
      {editing ? (
        <div className="add-inline">
          <label htmlFor="fishbone-new-category">New category</label>
          <input
            id="fishbone-new-category"
            value={newCategory}
            onChange={(e) => setNewCategory(e.target.value)}
          />
          <button
            type="button"
            className="button secondary"
            disabled={categoryTaken(newCategory)}
            onClick={() => {
              const name = newCategory.trim();
              editor.setDraft((current) => ({ ...current, categories: [...current.categories, name] }));
              setNewCategory('');
            }}
          >
            Add category
          </button>
        </div>
      ) : null}
      <EditBar
        editor={editor}
        saveLabel="Save fishbone"
        cancelLabel="Cancel fishbone edit"
        problems={(draft) => schemaProblems(FISHBONE_PART.set(doc, draft), 'analysis.fishbone')}
      />
    </section>
  );
}

/** One rib: the category (renamable, removable) and its causes. */
function CategoryBlock({
  category,
  fishbone,
  ctx,
  taken,
}: {
  readonly category: string;
  readonly fishbone: Fishbone;
  readonly ctx: Ctx;
  readonly taken: (name: string) => boolean;
}) {
  const [name, setName] = useState(category);
  const uid = useId();
  const causes = fishbone.causes.filter((c) => c.category === category);
  const { editor, editing } = ctx;
  const below = causes.reduce((n, c) => n + 1 + countBelow(c, 'causes'), 0);
  return (
    <section className="fishbone-category" aria-labelledby={`${uid}-heading`}>
      <h4 id={`${uid}-heading`}>{category}</h4>
      {editing ? (
        <div className="ws-actions">
          <div className="add-inline">
            <label htmlFor={`${uid}-rename`}>New name for category {category}</label>
            <input id={`${uid}-rename`} value={name} onChange={(e) => setName(e.target.value)} />
            <button
              type="button"
              className="button secondary"
              disabled={taken(name)}
              onClick={() => {
                const to = name.trim();
                editor.setDraft((current) => ({
                  ...current,
                  categories: current.categories.map((c) => (c === category ? to : c)),
                  causes: current.causes.map((c) => (c.category === category ? { ...c, category: to } : c)),
                }));
              }}
            >
              Rename category {category}
            </button>
          </div>
          <RemoveButton
            what={`category ${category}`}
            name={category}
            below={below}
            belowWord="cause"
            onRemove={() =>
              editor.setDraft((current) => ({
                ...current,
                categories: current.categories.filter((c) => c !== category),
                causes: current.causes.filter((c) => c.category !== category),
              }))
            }
          />
        </div>
      ) : null}
      {causes.length > 0 ? (
        <ul className="fishbone-causes" aria-label={`Causes: ${category}`}>
          {causes.map((cause) => (
            <CauseNode key={cause.id} cause={cause} ctx={ctx} />
          ))}
        </ul>
      ) : (
        <p className="muted">No causes yet.</p>
      )}
      {editing ? (
        <button type="button" className="button secondary" onClick={() => ctx.add(undefined, category)}>
          Add cause to {category}
        </button>
      ) : null}
    </section>
  );
}

/** A cause or sub-cause with those below it. */
function CauseNode({ cause, ctx }: { readonly cause: FishboneSubCause; readonly ctx: Ctx }) {
  const { editor, editing, doc } = ctx;
  const name = shortLabel(cause.text, cause.id);
  return (
    <li className="fishbone-cause">
      {editing ? (
        <>
          <div className="field">
            <label htmlFor={`fb-text-${cause.id}`}>Text of cause {cause.id}</label>
            <input
              id={`fb-text-${cause.id}`}
              value={cause.text}
              // biome-ignore lint/a11y/noAutofocus: focus goes to the cause the user just added
              autoFocus={ctx.focusId === cause.id}
              onChange={(e) =>
                editor.setDraft((current) => ({
                  ...current,
                  causes: setCauseText(current.causes, cause.id, e.target.value),
                }))
              }
            />
          </div>
          <LinkPicker
            doc={doc}
            owner={cause.id}
            value={cause}
            onChange={(links) =>
              editor.setDraft((current) => ({
                ...current,
                causes: mapLinks(current.causes, cause.id, links),
              }))
            }
          />
          <div className="ws-actions">
            <button type="button" className="button secondary" onClick={() => ctx.add(cause.id, '')}>
              Add sub-cause under “{name}”
            </button>
            <RemoveButton
              what={`cause ${cause.id}`}
              name={name}
              below={countBelow(cause, 'causes')}
              belowWord="sub-cause"
              onRemove={() =>
                editor.setDraft((current) => ({ ...current, causes: removeCause(current.causes, cause.id) }))
              }
            />
          </div>
        </>
      ) : (
        <span>
          {cause.text} <LinkList value={cause} />
        </span>
      )}
      {cause.causes.length > 0 ? (
        <ul aria-label={`Sub-causes of ${cause.id}`}>
          {cause.causes.map((sub) => (
            <CauseNode key={sub.id} cause={sub} ctx={ctx} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Sets the links of the cause `id` anywhere in the causes. */
function mapLinks<N extends FishboneSubCause>(
  causes: readonly N[],
  id: string,
  links: { readonly evidence: readonly string[]; readonly timeline: readonly string[] },
): N[] {
  return causes.map((c) =>
    c.id === id ? { ...c, ...links } : { ...c, causes: mapLinks(c.causes, id, links) },
  );
}

/** A fishbone version as text (both sides of a conflict). */
function FishboneOutline({ fishbone }: { readonly fishbone: Fishbone }) {
  return (
    <ul>
      {fishbone.categories.map((category) => (
        <li key={category}>
          {category}:{' '}
          {fishbone.causes
            .filter((c) => c.category === category)
            .map((c) => c.text)
            .join('; ') || 'no causes'}
        </li>
      ))}
    </ul>
  );
}
