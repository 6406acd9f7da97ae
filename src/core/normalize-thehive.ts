/**
 * TheHive cases as timeline events. TheHive has no single export file: responders save what its API returns
 * (TheHive 5 `/api/v1/case/{id}`, `…/observable`, `…/task`, `…/log`; TheHive 4 `/api/case/{id}`,
 * `/api/case/artifact/_search`, `/api/case/task/log/_search`), often gathered into one document. Read here: a
 * case object, optionally holding `observables` (or TheHive 4 `artifacts`), `tasks` (each optionally holding its
 * `logs`) and `logs`; a wrapper `{ case, observables, tasks, logs }`; or the objects one by one (a JSON array or
 * JSON lines of cases, tasks, logs, observables). Kinds come from `_type` (TheHive 5: Case, Task, Log, Observable;
 * TheHive 4: case, case_task, case_task_log, case_artifact), else from the fields present. Times are epoch
 * milliseconds (`startDate`, `endDate`, `date`, `sightedAt`, `_createdAt`/TheHive 4 `createdAt`).
 *
 * Events: the case opened (its `startDate`) and closed (`endDate`), each task started and completed, each task
 * log (the analyst's note, kept as `source.comment`), and each observable marked `sighted` (at `sightedAt`, else
 * its `startDate`). Observables not sighted are no timeline events: they are reported, and read as indicators by
 * `debrief ioc import --format thehive-json`.
 */
import { toolLabels } from './case-tool-labels.js';
import { compactEvent, type NormalizedEvent, toText } from './event.js';
import { parseAnyTimestamp } from './timestamps.js';

type Doc = Readonly<Record<string, unknown>>;

/** What a TheHive object is. */
export type TheHiveKind = 'case' | 'task' | 'log' | 'observable';

/** A TheHive object found in a document, with the title of the task it belongs to (for logs). */
export interface TheHiveItem {
  readonly kind: TheHiveKind;
  readonly item: Doc;
  readonly task?: string;
  /** Where in the document: `case`, `tasks[2].logs[0]`, `observables[4]`. */
  readonly path: string;
}

const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;

const TYPES: Readonly<Record<string, TheHiveKind>> = {
  case: 'case',
  case_task: 'task',
  task: 'task',
  case_task_log: 'log',
  log: 'log',
  case_artifact: 'observable',
  observable: 'observable',
};

/** The kind of a TheHive object, by `_type` or, without one, by its fields; undefined for anything else. */
export function theHiveKind(doc: Doc): TheHiveKind | undefined {
  if (typeof doc._type === 'string') return TYPES[doc._type.toLowerCase()];
  if (typeof doc.dataType === 'string' && ('data' in doc || 'attachment' in doc)) return 'observable';
  if (typeof doc.title === 'string' && (doc.caseId !== undefined || doc.number !== undefined)) return 'case';
  return undefined;
}

/** Is this object one a TheHive document holds (for detection)? */
export function isTheHiveObject(doc: Doc): boolean {
  if (typeof doc._type === 'string') return TYPES[doc._type.toLowerCase()] !== undefined;
  const inner = obj(doc.case);
  return (
    inner !== undefined && typeof inner._type === 'string' && TYPES[inner._type.toLowerCase()] === 'case'
  );
}

const list = (value: unknown): Doc[] =>
  Array.isArray(value) ? value.map(obj).filter((d): d is Doc => d !== undefined) : [];

/** Every TheHive object of a document (a case with what it holds, a wrapper, or one object), in order. */
export function theHiveItems(value: unknown): TheHiveItem[] {
  const doc = obj(value);
  if (doc === undefined) return [];
  const out: TheHiveItem[] = [];
  const kind = theHiveKind(doc);
  const inner = obj(doc.case);
  if (kind !== undefined) out.push({ kind, item: doc, path: kind });
  else if (inner !== undefined) out.push({ kind: 'case', item: inner, path: 'case' });
  const observables = [...list(doc.observables), ...list(doc.artifacts)];
  observables.forEach((item, i) => {
    out.push({ kind: 'observable', item, path: `observables[${i}]` });
  });
  list(doc.tasks).forEach((task, i) => {
    const title = toText(task.title);
    out.push({ kind: 'task', item: task, path: `tasks[${i}]` });
    list(task.logs).forEach((item, j) => {
      out.push({ kind: 'log', item, path: `tasks[${i}].logs[${j}]`, ...(title ? { task: title } : {}) });
    });
  });
  list(doc.logs).forEach((item, i) => {
    out.push({ kind: 'log', item, path: `logs[${i}]` });
  });
  return out;
}

/** An event of a TheHive document, or why an object gave none. */
export type TheHiveEvent =
  | { readonly ok: true; readonly value: NormalizedEvent; readonly item: Doc }
  | { readonly ok: false; readonly reason: string };

const timeOf = (doc: Doc, names: readonly string[], zone: string): NormalizedEvent['time'] | undefined => {
  for (const name of names) {
    const value = doc[name];
    if (value === undefined || value === null || value === '') continue;
    const time = parseAnyTimestamp(value, zone);
    if (time.ok) return time.value;
  }
  return undefined;
};

const tagsOf = (doc: Doc): string[] =>
  Array.isArray(doc.tags) ? doc.tags.filter((t): t is string => typeof t === 'string') : [];

const CREATED = ['_createdAt', 'createdAt'];

/** The events of one TheHive object. */
function eventsOf(entry: TheHiveItem, zone: string): TheHiveEvent[] {
  const { item, kind } = entry;
  const at = `TheHive ${kind} ${entry.path}`;
  const base = (extra: Record<string, string>, comments: string[] = []) => ({
    ...toolLabels({ tool: 'thehive', tags: tagsOf(item), starred: item.flag === true, comments }),
    ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== '')),
  });
  const user =
    toText(item.assignee) ?? toText(item.owner) ?? toText(item._createdBy) ?? toText(item.createdBy);
  const make = (
    time: NormalizedEvent['time'],
    message: string,
    labels: Record<string, string>,
    action: string,
  ) => ({
    ok: true as const,
    item,
    value: {
      time,
      message: message.slice(0, 1000),
      ...compactEvent({
        kind: 'event',
        action,
        provider: 'thehive',
        dataset: `thehive.${kind}`,
        userName: user,
        labels,
      }),
    },
  });
  switch (kind) {
    case 'case': {
      const number = toText(item.number) ?? toText(item.caseId);
      const title = toText(item.title) ?? '(untitled)';
      const labels = base({
        'thehive.case_id': toText(item._id) ?? toText(item.id) ?? '',
        'thehive.case_number': number ?? '',
        'thehive.status': toText(item.status) ?? '',
        'thehive.severity': toText(item.severityLabel) ?? toText(item.severity) ?? '',
      });
      const name = `TheHive case${number ? ` #${number}` : ''}`;
      const out: TheHiveEvent[] = [];
      const opened = timeOf(item, ['startDate', ...CREATED], zone);
      if (opened) out.push(make(opened, `${name} opened: ${title}`, labels, 'case-opened'));
      const closed = timeOf(item, ['endDate'], zone);
      const resolution = toText(item.resolutionStatus);
      if (closed)
        out.push(
          make(
            closed,
            `${name} closed${resolution ? ` (${resolution})` : ''}: ${title}`,
            labels,
            'case-closed',
          ),
        );
      return out.length > 0 ? out : [{ ok: false, reason: `${at}: no startDate or creation time` }];
    }
    case 'task': {
      const title = toText(item.title) ?? '(untitled)';
      const group = toText(item.group);
      const labels = base({ 'thehive.status': toText(item.status) ?? '', 'thehive.task_group': group ?? '' });
      const out: TheHiveEvent[] = [];
      const started = timeOf(item, ['startDate'], zone);
      if (started) out.push(make(started, `Task started: ${title}`, labels, 'task-started'));
      const ended = timeOf(item, ['endDate'], zone);
      if (ended) out.push(make(ended, `Task completed: ${title}`, labels, 'task-completed'));
      return out.length > 0 ? out : [{ ok: false, reason: `${at}: task "${title}" was never started` }];
    }
    case 'log': {
      const time = timeOf(item, ['date', 'startDate', ...CREATED], zone);
      if (time === undefined) return [{ ok: false, reason: `${at}: no date` }];
      const note = toText(item.message) ?? '';
      const firstLine = note.split('\n', 1)[0] ?? '';
      const labels = base({ 'thehive.task': entry.task ?? '' }, [note]);
      const message = `Task log${entry.task ? ` [${entry.task}]` : ''}: ${firstLine.slice(0, 300)}`;
      return [make(time, message, labels, 'task-log')];
    }
    case 'observable': {
      const dataType = toText(item.dataType) ?? 'observable';
      const data = toText(item.data) ?? toText(obj(item.attachment)?.name) ?? '';
      if (item.sighted !== true)
        return [
          { ok: false, reason: `${at}: ${dataType} ${data.slice(0, 80)} is not sighted (no timeline event)` },
        ];
      const time = timeOf(item, ['sightedAt', 'startDate', ...CREATED], zone);
      if (time === undefined) return [{ ok: false, reason: `${at}: sighted, but no date` }];
      const note = toText(item.message);
      const labels = base({
        'thehive.data_type': dataType,
        'thehive.ioc': item.ioc === true ? 'true' : 'false',
        'thehive.data': data.slice(0, 500),
      });
      const message = `Observable sighted: ${dataType} ${data}${note ? ` (${note})` : ''}`;
      return [make(time, message, labels, 'observable-sighted')];
    }
    default:
      return kind satisfies never;
  }
}

/** The events of one TheHive document (or object); a document that holds nothing of TheHive's is one failure. */
export function normalizeTheHive(value: unknown, zone: string): TheHiveEvent[] {
  const items = theHiveItems(value);
  if (items.length === 0) return [{ ok: false, reason: 'not a TheHive case, task, log or observable' }];
  return items.flatMap((entry) => eventsOf(entry, zone));
}
