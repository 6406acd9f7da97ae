/**
 * Windows events exported as JSON objects, in the styles found in the wild, decoded to event drafts:
 *
 * - flat exports (OTRF/Mordor, NXLog, Logstash): `EventID`, `Channel`, `SourceName`, `Hostname`/`Computer`,
 *   `TimeCreated`/`@timestamp`, `Message`, and the event data as top-level keys;
 * - Azure Log Analytics tables (`SecurityEvent`, `Event`, `WindowsEvent`): `TimeGenerated`, `Computer`,
 *   `EventSourceName`/`Provider`, `EventData` as an XML or JSON string (or `EventData_dynamic`, an array);
 * - Winlogbeat-like documents: `winlog.{event_id, channel, provider_name, computer_name, record_id,
 *   event_data, user_data}` with `@timestamp`;
 * - PowerShell `Get-WinEvent | ConvertTo-Json`: `Id`, `ProviderName`, `LogName`, `MachineName`, `RecordId`,
 *   `TimeCreated` (`/Date(…)/`), `Properties` (unnamed values);
 * - the event XML as JSON (evtx_dump, python-evtx with xmltodict, SigmaHQ's regression data):
 *   `{"Event": {"System": {...}, "EventData": {...} | "UserData": {...}}}`, attributes under `#attributes` (or
 *   `@Name`), element text under `#text`.
 */
import { addData, dataKey, type EventDraft, newDraft } from './event-builder.js';
import { parseXmlElement, walkDataElements, XmlError } from './event-xml.js';

type Json = Readonly<Record<string, unknown>>;

const object = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** A JSON value as event text: strings as they are, numbers and booleans as written, others as JSON. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The first present value among `keys` of `o`, as text. */
function pick(o: Json | undefined, ...keys: readonly string[]): string | undefined {
  if (o === undefined) return undefined;
  for (const key of keys) {
    const value = text(o[key]);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Keys of flat exports that describe the record or its transport, not the event data. */
const ENVELOPE = new Set([
  'EventID',
  'EventId',
  'Id',
  'SourceName',
  'EventSourceName',
  'Provider',
  'ProviderName',
  'ProviderGuid',
  'ProviderId',
  'Channel',
  'LogName',
  'Hostname',
  'Computer',
  'MachineName',
  'TimeCreated',
  'TimeGenerated',
  'TimeCollected',
  '@timestamp',
  '@version',
  'timestamp',
  'Message',
  'Activity',
  'Level',
  'EventLevel',
  'EventLevelName',
  'LevelDisplayName',
  'Task',
  'Opcode',
  'Keywords',
  'EventRecordID',
  'RecordNumber',
  'RecordId',
  'EventData',
  'EventData_dynamic',
  'UserData',
  'Properties',
  'TenantId',
  'SourceSystem',
  'SourceComputerId',
  'EventOriginId',
  'MG',
  'ManagementGroupName',
  'Type',
  '_ResourceId',
  'InstanceId',
  'winlog',
  'event',
  'host',
  'agent',
  'ecs',
  'log',
  'tags',
]);

/** The candidate time fields, in order of preference (TimeCreated is the event's own time). */
export const WINDOWS_JSON_TIME_FIELDS: readonly string[] = [
  'TimeCreated',
  '@timestamp',
  'TimeGenerated',
  'EventTime',
  'timestamp',
];

/** Does a JSON object look like a Windows event (an event id and a Windows source or host field)? */
export function isWindowsJson(o: Json): boolean {
  const system = object(object(o.Event)?.System);
  if (system !== undefined) return system.EventID !== undefined;
  const winlog = object(o.winlog);
  if (winlog !== undefined) return winlog.event_id !== undefined;
  const id = o.EventID ?? o.EventId ?? (o.ProviderName !== undefined ? o.Id : undefined);
  if (id === undefined) return false;
  return [
    'Channel',
    'Computer',
    'SourceName',
    'EventSourceName',
    'Provider',
    'ProviderName',
    'Hostname',
  ].some((key) => o[key] !== undefined);
}

/** Adds the values of an object (winlog.event_data, a JSON EventData string) to the draft's data. */
function addObject(draft: EventDraft, data: Json): void {
  for (const key of Object.keys(data)) {
    const value = text(data[key]);
    if (value !== undefined) addData(draft, key, value);
  }
}

/** Adds unnamed values (Get-WinEvent Properties, EventData_dynamic) as param1, param2... */
function addUnnamed(draft: EventDraft, values: readonly unknown[]): void {
  for (const item of values) {
    const value = text(object(item)?.Value ?? item);
    addData(draft, dataKey(draft, undefined), value ?? '');
  }
}

/**
 * Reads an `EventData` column: XML (`<EventData><Data Name=…>`), a JSON object, or plain text. A malformed or
 * hostile one is reported in the returned problem (the event is kept, labelled by the caller).
 */
function addEventDataColumn(draft: EventDraft, column: unknown): string | undefined {
  if (column === undefined || column === null) return undefined;
  const asObject = object(column);
  if (asObject) {
    addObject(draft, asObject);
    return undefined;
  }
  if (typeof column !== 'string') return undefined;
  const trimmed = column.trim();
  try {
    if (trimmed.startsWith('<')) {
      walkDataElements(draft, { name: 'EventData', attrs: [], children: [parseXmlElement(trimmed)] });
    } else if (trimmed.startsWith('{')) {
      const parsed = object(JSON.parse(trimmed));
      if (parsed) addObject(draft, parsed);
    } else if (trimmed.startsWith('[')) {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) addUnnamed(draft, parsed);
    } else if (trimmed !== '') {
      addData(draft, 'EventData', trimmed);
    }
    return undefined;
  } catch (error) {
    if (error instanceof XmlError || error instanceof SyntaxError) return `EventData: ${error.message}`;
    throw error;
  }
}

/** The decoded event, the raw time value, and a problem with its EventData column if any. */
export interface JsonEventDraft {
  readonly draft: EventDraft;
  readonly time: unknown;
  readonly problem: string | undefined;
}

/** An element's text in the XML-as-JSON style: the value itself, or its `#text`. */
function elementText(value: unknown): string | undefined {
  const o = object(value);
  return o === undefined ? text(value) : text(o['#text']);
}

/** An element's attribute in the XML-as-JSON style: `#attributes.Name` (evtx_dump) or `@Name` (xmltodict). */
function attribute(value: unknown, name: string): string | undefined {
  const o = object(value);
  return text(object(o?.['#attributes'])?.[name] ?? o?.[`@${name}`]);
}

/** Adds EventData or UserData in the XML-as-JSON style: named leaves by name, `Data` values without a name. */
function addXmlJson(draft: EventDraft, section: Json, depth = 0): void {
  if (depth > 8) return;
  for (const [key, value] of Object.entries(section)) {
    if (key === '#attributes' || key.startsWith('@') || key === 'xmlns') continue;
    if (key === 'Data' || key === '#text') {
      // <Data> without a Name attribute: param1, param2...
      for (const item of Array.isArray(value) ? value : [value]) {
        const name = attribute(item, 'Name');
        addData(draft, dataKey(draft, name), elementText(item) ?? '');
      }
      continue;
    }
    const inner = object(value);
    if (inner !== undefined && inner['#text'] === undefined) addXmlJson(draft, inner, depth + 1);
    else if (Array.isArray(value)) addData(draft, key, value.map((v) => elementText(v) ?? '').join(', '));
    else addData(draft, key, elementText(value) ?? '');
  }
}

/** Decodes an event in the XML-as-JSON style. */
function xmlJsonDraft(event: Json, system: Json): JsonEventDraft {
  const draft = newDraft();
  draft.eventId = elementText(system.EventID);
  draft.qualifiers = attribute(system.EventID, 'Qualifiers');
  draft.provider = attribute(system.Provider, 'Name') ?? attribute(system.Provider, 'EventSourceName');
  draft.channel = elementText(system.Channel);
  draft.computer = elementText(system.Computer);
  draft.recordId = elementText(system.EventRecordID);
  draft.level = elementText(system.Level);
  draft.task = elementText(system.Task);
  draft.opcode = elementText(system.Opcode);
  draft.keywords = elementText(system.Keywords);
  draft.userSid = attribute(system.Security, 'UserID');
  for (const name of ['EventData', 'UserData', 'ProcessingErrorData', 'DebugData', 'BinaryEventData']) {
    const section = event[name];
    const o = object(section);
    if (o) addXmlJson(draft, o);
    else if (section !== undefined && section !== null) addData(draft, name, elementText(section) ?? '');
  }
  const rendering = object(event.RenderingInfo);
  draft.message = elementText(rendering?.Message);
  return { draft, time: attribute(system.TimeCreated, 'SystemTime'), problem: undefined };
}

/** Decodes one exported Windows event object. */
export function jsonEventDraft(o: Json): JsonEventDraft {
  const wrapped = object(o.Event);
  const system = object(wrapped?.System);
  if (wrapped !== undefined && system !== undefined) return xmlJsonDraft(wrapped, system);
  const draft = newDraft();
  const winlog = object(o.winlog);
  const event = object(o.event);
  const host = object(o.host);
  draft.eventId = pick(winlog, 'event_id') ?? pick(o, 'EventID', 'EventId', 'Id') ?? pick(event, 'code');
  draft.provider =
    pick(winlog, 'provider_name') ??
    pick(o, 'SourceName', 'EventSourceName', 'ProviderName') ??
    (typeof o.Provider === 'string' ? o.Provider : undefined) ??
    pick(event, 'provider');
  draft.channel = pick(winlog, 'channel') ?? pick(o, 'Channel', 'LogName');
  draft.computer =
    pick(winlog, 'computer_name') ?? pick(o, 'Computer', 'Hostname', 'MachineName') ?? pick(host, 'name');
  draft.recordId = pick(winlog, 'record_id') ?? pick(o, 'EventRecordID', 'RecordNumber', 'RecordId');
  draft.level = pick(o, 'Level', 'EventLevel');
  draft.task = pick(winlog, 'task') ?? pick(o, 'Task');
  draft.opcode = pick(winlog, 'opcode') ?? pick(o, 'Opcode');
  draft.keywords = pick(o, 'Keywords');
  draft.userSid = pick(object(winlog?.user), 'identifier');
  const activity = pick(o, 'Activity');
  // Log Analytics' Activity is "4624 - An account was successfully logged on.", or just the id.
  const described = activity?.replace(/^\d+(?:\s+-\s+)?/, '');
  draft.message = pick(o, 'Message', 'message', 'RenderedDescription') ?? (described ? described : undefined);
  for (const key of Object.keys(o)) {
    if (ENVELOPE.has(key)) continue;
    const value = o[key];
    if (value !== null && typeof value === 'object') continue;
    const rendered = text(value);
    if (rendered !== undefined) addData(draft, key, rendered);
  }
  const eventData = object(winlog?.event_data);
  if (eventData) addObject(draft, eventData);
  const userData = object(winlog?.user_data);
  if (userData) addObject(draft, userData);
  // The EventData column is the source the flattened columns of Log Analytics were derived from: its values
  // replace theirs (rather than being joined to them).
  const column = newDraft();
  const problem = addEventDataColumn(column, o.EventData ?? o.EventData_dynamic);
  Object.assign(draft.data, column.data);
  if (Array.isArray(o.Properties)) addUnnamed(draft, o.Properties);
  let time: unknown;
  for (const key of WINDOWS_JSON_TIME_FIELDS) {
    if (o[key] !== undefined && o[key] !== null && o[key] !== '') {
      time = o[key];
      break;
    }
  }
  return { draft, time, problem };
}
