/**
 * Collects the values of one Windows event from its XML structure, whichever reader walks it (the EVTX BinXML
 * walker or the event-XML reader): System element values by element and attribute name, EventData `Data`
 * values by their `Name`, and UserData (or other data sections) flattened to their leaf elements.
 */
import type { EventTime } from '../../core/event.js';
import type { WindowsEvent } from '../../core/normalize-windows.js';

/** A `WindowsEvent` being filled in, plus the event time once read. */
export type EventDraft = {
  -readonly [K in keyof WindowsEvent]: WindowsEvent[K];
} & {
  data: Record<string, string>;
  time?: EventTime;
  /** System/TimeCreated/@SystemTime as text, when it was not a binary FILETIME. */
  timeText?: string;
  /** How many unnamed `<Data>` values have been seen (they are named param1, param2...). */
  unnamed: number;
};

/** An empty draft; its data map has no prototype, so a field named `__proto__` is just a field. */
export function newDraft(): EventDraft {
  return { data: Object.create(null) as Record<string, string>, unnamed: 0 };
}

/** Sections of `<Event>` whose content is event data (flattened into `data`). */
export const DATA_SECTIONS: ReadonlySet<string> = new Set([
  'EventData',
  'UserData',
  'ProcessingErrorData',
  'DebugData',
  'BinaryEventData',
]);

/**
 * Records a System value: `element` is the child of `<System>`, `attr` the attribute (undefined for the
 * element's text). TimeCreated is handled by the caller, which may have the time in binary form.
 */
export function setSystem(draft: EventDraft, element: string, attr: string | undefined, text: string): void {
  if (attr === undefined) {
    switch (element) {
      case 'EventID':
        draft.eventId = text;
        return;
      case 'Level':
        draft.level = text;
        return;
      case 'Task':
        draft.task = text;
        return;
      case 'Opcode':
        draft.opcode = text;
        return;
      case 'Keywords':
        draft.keywords = text;
        return;
      case 'EventRecordID':
        draft.recordId = text;
        return;
      case 'Channel':
        draft.channel = text;
        return;
      case 'Computer':
        draft.computer = text;
        return;
      default:
        return;
    }
  }
  if (element === 'Provider' && attr === 'Name' && text !== '') draft.provider = text;
  else if (element === 'Provider' && attr === 'EventSourceName' && draft.provider === undefined)
    draft.provider = text;
  else if (element === 'EventID' && attr === 'Qualifiers') draft.qualifiers = text;
  else if (element === 'Security' && attr === 'UserID') draft.userSid = text;
  else if (element === 'TimeCreated' && attr === 'SystemTime') draft.timeText = text;
}

/** Adds an event-data value; a name seen twice keeps both values, joined with ", ". */
export function addData(draft: EventDraft, name: string, text: string): void {
  const previous = draft.data[name];
  draft.data[name] =
    previous === undefined || previous === '' ? text : text === '' ? previous : `${previous}, ${text}`;
}

/** The key of an EventData `<Data>` value: its Name attribute, else param1, param2... */
export function dataKey(draft: EventDraft, name: string | undefined): string {
  if (name !== undefined && name !== '') return name;
  draft.unnamed++;
  return `param${draft.unnamed}`;
}

/** The finished event; the draft's bookkeeping fields stay on it (no copy on the hot path). */
export function finish(draft: EventDraft): WindowsEvent {
  return draft;
}
