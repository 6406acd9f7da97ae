/**
 * Pure edits of the analysis trees the editors change: 5 Whys (a why may branch) and fishbone causes (sub-causes
 * nested to any depth). Nodes are addressed by id; every function returns a new tree and leaves its input alone.
 * New ids follow the document's convention (`W-1.2.1` under `W-1.2`) and are unique in the whole document.
 */
import type { PostMortem } from '../../core/model.js';
import type { FishboneSubCause, FiveWhys, Why } from '../../core/model-analysis.js';

/** Every `id` value anywhere in a JSON value (the document's ids must be unique across it). */
export function collectIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectIds(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'id' && typeof item === 'string') into.add(item);
      else collectIds(item, into);
    }
  }
  return into;
}

/** The first id `${stem}${n}` (n = 1, 2…) not in `taken`: `W-1.` → `W-1.3` when `W-1.1` and `W-1.2` exist. */
export function nextId(stem: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const id = `${stem}${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The ids taken in `doc` once `part` (the edited draft) replaces its stored counterpart. */
export function takenIds(doc: PostMortem, part: unknown): Set<string> {
  return collectIds(part, collectIds(doc));
}

/** A tree node with an id and children under `key`. */
type Node<K extends string> = { readonly id: string } & { readonly [P in K]: readonly Node<K>[] };

/** Maps the node `id` (anywhere in `nodes`) with `change`; `change` may return undefined to remove it. */
function mapNode<K extends string, N extends Node<K>>(
  nodes: readonly N[],
  key: K,
  id: string,
  change: (node: N) => N | undefined,
): N[] {
  const out: N[] = [];
  for (const node of nodes) {
    if (node.id === id) {
      const changed = change(node);
      if (changed !== undefined) out.push(changed);
    } else {
      const children = node[key] as unknown as readonly N[];
      out.push({ ...node, [key]: mapNode(children, key, id, change) });
    }
  }
  return out;
}

/** How many nodes are below `node` (children, their children…). */
export function countBelow<K extends string>(node: Node<K>, key: K): number {
  return node[key].reduce((sum, child) => sum + 1 + countBelow(child, key), 0);
}

/** A new, empty why with `id`. */
export function emptyWhy(id: string, answer = ''): Why {
  return { id, answer, whys: [], evidence: [], timeline: [] };
}

/** Adds `why` under the why `parentId`, or at the top of the analysis when `parentId` is the analysis id. */
export function addWhy(analyses: readonly FiveWhys[], parentId: string, why: Why): FiveWhys[] {
  return analyses.map((a) =>
    a.id === parentId
      ? { ...a, whys: [...a.whys, why] }
      : { ...a, whys: mapNode(a.whys, 'whys', parentId, (p) => ({ ...p, whys: [...p.whys, why] })) },
  );
}

/** Changes the why `id` (its answer, category, links). */
export function updateWhy(analyses: readonly FiveWhys[], id: string, change: (why: Why) => Why): FiveWhys[] {
  return analyses.map((a) => ({ ...a, whys: mapNode(a.whys, 'whys', id, change) }));
}

/** Removes the why `id` with every why below it. */
export function removeWhy(analyses: readonly FiveWhys[], id: string): FiveWhys[] {
  return analyses.map((a) => ({ ...a, whys: mapNode(a.whys, 'whys', id, () => undefined) }));
}

/** Adds a sub-cause under the cause or sub-cause `parentId` (top-level causes are a list of the fishbone). */
export function addSubCause<N extends Node<'causes'>>(
  causes: readonly N[],
  parentId: string,
  sub: FishboneSubCause,
): N[] {
  return mapNode(causes, 'causes', parentId, (p) => ({ ...p, causes: [...p.causes, sub] }));
}

/** Changes the text of the cause or sub-cause `id`. */
export function setCauseText<N extends Node<'causes'> & { readonly text: string }>(
  causes: readonly N[],
  id: string,
  text: string,
): N[] {
  return mapNode(causes, 'causes', id, (c) => ({ ...c, text }));
}

/** Removes the cause or sub-cause `id` with its sub-causes. */
export function removeCause<N extends Node<'causes'>>(causes: readonly N[], id: string): N[] {
  return mapNode(causes, 'causes', id, () => undefined);
}

/** The first words of a text, for button names ("Add why under “The IdP accepted…”"). */
export function shortLabel(text: string, id: string, words = 6): string {
  const all = text.trim().split(/\s+/).filter(Boolean);
  if (all.length === 0) return id;
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')}…`;
}
