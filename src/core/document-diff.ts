/**
 * Field-level differences between two versions of a post-mortem (`debrief diff --json`): every leaf value added,
 * removed or changed, with its path. Lists of items with ids (timeline entries, evidence, recommendations...) are
 * matched by id, so inserting an entry is one addition rather than a change of every entry after it; other lists
 * are compared position by position.
 */

/** One difference: where, what kind, and the values (absent on the side where there is none). */
export interface DocumentChange {
  /** `timeline[T-3].text`, `summary.whatHappened`, `tags[2]`. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly old?: unknown;
  readonly new?: unknown;
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Items with unique string ids: matched by id. */
function idsOf(list: readonly Json[]): string[] | undefined {
  const ids: string[] = [];
  for (const item of list) {
    if (!isObject(item) || typeof item.id !== 'string') return undefined;
    ids.push(item.id);
  }
  return new Set(ids).size === ids.length ? ids : undefined;
}

const join = (base: string, key: string) => (base === '' ? key : `${base}.${key}`);

function walk(a: Json, b: Json, path: string, out: DocumentChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path, kind: 'added', new: b });
    return;
  }
  if (b === undefined) {
    out.push({ path, kind: 'removed', old: a });
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) walk(a[key], b[key], join(path, key), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const aIds = idsOf(a);
    const bIds = idsOf(b);
    if (aIds && bIds) {
      const byId = (list: readonly Json[], id: string) =>
        list.find((item) => isObject(item) && item.id === id);
      for (const id of [...new Set([...aIds, ...bIds])])
        walk(byId(a, id), byId(b, id), `${path}[${id}]`, out);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, kind: 'changed', old: a, new: b });
}

/** Every difference from `before` to `after` (plain JSON values, e.g. two canonical documents), in document order. */
export function diffDocuments(before: unknown, after: unknown): DocumentChange[] {
  const out: DocumentChange[] = [];
  walk(before, after, '', out);
  return out;
}
