/**
 * DFIR-IRIS case JSON exports as normalized events: the timeline of "Export case" (`/case/export`, IRIS's
 * `export_case_json`), `{ case, evidences, timeline, iocs, assets, tasks, notes, export_date }`, bare or wrapped
 * in IRIS's API envelope `{ status, message, data: {...} }`. Each timeline entry has `event_id`, `event_title`,
 * `event_date` (the wall-clock time, without an offset), `event_tz` (`+00:00`), `event_date_wtz`,
 * `event_content`, `event_tags` (comma-separated), `event_source`, `event_raw`, `category` (the event category's
 * name, an ATT&CK tactic or IRIS's own) and `assets` (`"name (type)"` strings); the timeline API's field names
 * (`event_category`, `category_name`, `event_assets`, `event_iocs`, asset and IOC objects) are read too.
 *
 * Each entry is mapped as the timeline CSV's row is (src/core/normalize-iris.ts), so both give the same events:
 * `source.tool: iris`, `source.starred: true` (IRIS holds the case's curated timeline), tags naming ATT&CK
 * techniques → `threat.technique.id`, the category → `threat.tactic.name` when it is a tactic.
 */
import { type NormalizedEvent, toText } from './event.js';
import { normalizeIrisTimeline } from './normalize-iris.js';
import type { ParseResult } from './time.js';

type Doc = Readonly<Record<string, unknown>>;

const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;

/** The case export itself: the document or the `data` of IRIS's API envelope, when it holds a `timeline`. */
function caseExport(value: unknown): Doc | undefined {
  const doc = obj(value);
  for (const holder of [doc, obj(doc?.data)])
    if (holder !== undefined && Array.isArray(holder.timeline)) return holder;
  return undefined;
}

/** Is this an IRIS case export (a `timeline` of objects with `event_date` and `event_title`)? */
export function isIrisCaseExport(value: unknown): boolean {
  const timeline = caseExport(value)?.timeline;
  if (!Array.isArray(timeline)) return false;
  const entries = timeline.map(obj);
  return entries.every((e) => e !== undefined && 'event_date' in e && 'event_title' in e);
}

/** A list field as text: strings, or objects giving `name_key` (asset and IOC objects of the API). */
function names(value: unknown, keys: readonly string[], separator: string): string {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(separator) : [];
  return items
    .map((item) => {
      const o = obj(item);
      if (o === undefined) return toText(item);
      for (const key of keys) {
        const text = toText(o[key]);
        if (text !== undefined) return text;
      }
      return undefined;
    })
    .filter((item): item is string => item !== undefined)
    .join(separator);
}

/** An asset as the export writes it, `WS-07 (Windows - Computer)`, without its type. */
const assetName = (text: string): string => text.replace(/\s+\([^()]*\)$/, '').trim();

/** Flask's default date text (`Sun, 26 Mar 2023 03:00:30 GMT`) as ISO wall time; other text as given. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function isoWallTime(text: string): string {
  const m = /^\w{3}, (\d{2}) (\w{3}) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2] ?? '') + 1 : 0;
  // IRIS stores the wall time without its zone; Flask calls it GMT, but event_tz says which zone it is.
  return m && month > 0 ? `${m[3]}-${String(month).padStart(2, '0')}-${m[1]}T${m[4]}` : text;
}

/** One timeline entry as the timeline CSV's row (column name → text). */
function rowOf(entry: Doc): Record<string, string> {
  const category = obj(entry.category) ?? obj(Array.isArray(entry.category) ? entry.category[0] : undefined);
  const assets = names(entry.assets ?? entry.event_assets, ['asset_name', 'name'], ';')
    .split(';')
    .map(assetName)
    .join(';');
  const row: Record<string, string | undefined> = {
    event_date: isoWallTime(toText(entry.event_date) ?? ''),
    event_tz: toText(entry.event_tz),
    event_title: toText(entry.event_title),
    event_category:
      toText(typeof entry.category === 'string' ? entry.category : undefined) ??
      toText(category?.name) ??
      toText(entry.category_name) ??
      toText(typeof entry.event_category === 'string' ? entry.event_category : undefined),
    event_content: toText(entry.event_content),
    event_raw: toText(entry.event_raw),
    event_source: toText(entry.event_source),
    event_assets: assets,
    event_iocs: names(entry.iocs ?? entry.event_iocs, ['ioc_value', 'value'], '|'),
    event_tags: names(entry.event_tags, ['name'], ','),
  };
  return Object.fromEntries(Object.entries(row).filter((e): e is [string, string] => e[1] !== undefined));
}

/** An event of an IRIS case export, or why a timeline entry gave none, with where it is (`timeline[3]`). */
export type IrisCaseEvent = ParseResult<NormalizedEvent> & { readonly path: string; readonly item?: Doc };

/** The working-timeline events of an IRIS case export, one per timeline entry, in the export's order. */
export function normalizeIrisCase(value: unknown, zone: string): IrisCaseEvent[] {
  const holder = caseExport(value);
  if (holder === undefined) return [{ ok: false, reason: 'not an IRIS case export (no timeline)', path: '' }];
  const caseName = toText(obj(holder.case)?.name);
  const timeline = holder.timeline as readonly unknown[];
  return timeline.map((item, i): IrisCaseEvent => {
    const path = `timeline[${i}]`;
    const entry = obj(item);
    if (entry === undefined) return { ok: false, reason: `${path} is not an object`, path };
    const read = normalizeIrisTimeline(rowOf(entry), zone, `IRIS ${path}`);
    if (!read.ok) return { ...read, path };
    const labels = { ...read.value.labels };
    const id = toText(entry.event_id);
    if (id !== undefined) labels['iris.event_id'] = id;
    if (caseName !== undefined) labels['iris.case'] = caseName.slice(0, 500);
    return { ok: true, value: { ...read.value, dataset: 'iris.case', labels }, path, item: entry };
  });
}
