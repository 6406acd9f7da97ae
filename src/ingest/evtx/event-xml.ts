/**
 * A small, strict XML reader for one Windows `<Event>` element (wevtutil, Get-WinEvent ToXml(), evtxexport,
 * Event Viewer exports, Log Analytics EventData columns) and its walk into an event draft.
 *
 * It reads elements, attributes, text, the five predefined entities, numeric character references, CDATA,
 * comments and processing instructions. It refuses what Windows never writes and attackers use: DOCTYPE
 * declarations, undefined entities (custom entities are never expanded, so no entity expansion attack can
 * work), mismatched or unclosed tags and nesting deeper than 64 levels. Work is linear in the input size.
 */
import { addData, DATA_SECTIONS, dataKey, type EventDraft, newDraft, setSystem } from './event-builder.js';

/** An element of the parsed XML; namespace prefixes are removed from names. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: readonly (readonly [string, string])[];
  readonly children: readonly (XmlElement | string)[];
}

/** Malformed or refused XML; the message is the rejection reason. */
export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const MAX_DEPTH = 64;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME_END = /[\s/>=]/g;

/** XML white space (space, tab, line feed, carriage return) by character code. */
const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** The local part of a qualified name (`e:Event` → `Event`). */
const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 || name.startsWith('xmlns') ? name : name.slice(colon + 1);
};

/** Replaces entity and character references; refuses undefined entities. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{0,32});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';'))
      throw new XmlError(`"&" without a reference (write &amp;): ${whole.slice(0, 20)}`);
    const known = PREDEFINED[ref];
    if (known !== undefined) return known;
    const code = /^#x[0-9a-f]{1,6}$/i.test(ref)
      ? Number.parseInt(ref.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(ref)
        ? Number(ref.slice(1))
        : undefined;
    if (code === undefined)
      throw new XmlError(`undefined entity &${ref}; (custom entities are not expanded)`);
    if (code > 0x10ffff) throw new XmlError(`character reference &${ref}; is out of range`);
    return String.fromCodePoint(code);
  });
}

/** Parses one XML element (with optional surrounding whitespace, comments and PIs). */
export function parseXmlElement(text: string): XmlElement {
  let pos = 0;
  const fail = (message: string): never => {
    throw new XmlError(`${message} (at character ${pos})`);
  };
  const skipMisc = () => {
    for (;;) {
      while (isSpace(text.charCodeAt(pos))) pos++;
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) fail('unclosed comment');
        pos = end + 3;
      } else if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos + 2);
        if (end < 0) fail('unclosed processing instruction');
        pos = end + 2;
      } else return;
    }
  };
  const readName = (): string => {
    NAME_END.lastIndex = pos;
    const match = NAME_END.exec(text);
    const end = match ? match.index : text.length;
    if (end === pos) fail('expected a name');
    const name = text.slice(pos, end);
    pos = end;
    return name;
  };
  const element = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) fail('elements nested too deeply');
    if (text[pos] !== '<') fail('expected "<"');
    pos++;
    const qualified = readName();
    const attrs: (readonly [string, string])[] = [];
    for (;;) {
      while (isSpace(text.charCodeAt(pos))) pos++;
      const c = text[pos];
      if (c === undefined) fail(`unclosed start tag <${qualified}>`);
      if (c === '/' || c === '>') break;
      const attr = readName();
      while (isSpace(text.charCodeAt(pos))) pos++;
      if (text[pos] !== '=') fail(`attribute ${attr} has no value`);
      pos++;
      while (isSpace(text.charCodeAt(pos))) pos++;
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attr} value is not quoted`);
      const end = text.indexOf(quote ?? '"', pos + 1);
      if (end < 0) fail(`unclosed value of attribute ${attr}`);
      const raw = text.slice(pos + 1, end);
      if (raw.includes('<')) fail(`"<" in the value of attribute ${attr}`);
      attrs.push([localName(attr), decodeEntities(raw)]);
      pos = end + 1;
    }
    const name = localName(qualified);
    if (text[pos] === '/') {
      if (text[pos + 1] !== '>') fail(`malformed empty tag <${qualified}/>`);
      pos += 2;
      return { name, attrs, children: [] };
    }
    pos++;
    const children: (XmlElement | string)[] = [];
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt < 0) {
        pos = text.length;
        fail(`unclosed element <${qualified}>`);
      }
      if (lt > pos) children.push(decodeEntities(text.slice(pos, lt)));
      pos = lt;
      if (text.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        while (isSpace(text.charCodeAt(pos))) pos++;
        if (closing !== qualified) fail(`</${closing}> does not close <${qualified}>`);
        if (text[pos] !== '>') fail(`malformed end tag </${closing}>`);
        pos++;
        return { name, attrs, children };
      }
      if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos + 9);
        if (end < 0) fail('unclosed CDATA section');
        children.push(text.slice(pos + 9, end));
        pos = end + 3;
      } else if (text.startsWith('<!--', pos) || text.startsWith('<?', pos)) {
        skipMisc();
      } else if (text.startsWith('<!', pos)) {
        fail('declarations (DOCTYPE, ENTITY) are not allowed inside an event');
      } else {
        children.push(element(depth + 1));
      }
    }
  };
  skipMisc();
  if (text.startsWith('<!', pos)) fail('declarations (DOCTYPE, ENTITY) are not allowed');
  const root = element(0);
  skipMisc();
  if (pos < text.length) fail('unexpected content after the element');
  return root;
}

/** The text content of an element (its direct text and CDATA). */
export function textOf(element: XmlElement): string {
  let out = '';
  for (const child of element.children) if (typeof child === 'string') out += child;
  return out;
}

const attrOf = (element: XmlElement, name: string): string | undefined => {
  for (const [key, value] of element.attrs) if (key === name) return value;
  return undefined;
};

/** Adds the data of an EventData/UserData element's children to the draft (the same rules as for EVTX). */
export function walkDataElements(draft: EventDraft, section: XmlElement): void {
  for (const child of section.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'Data') {
      addData(draft, dataKey(draft, attrOf(child, 'Name')), textOf(child));
      continue;
    }
    const container = child.children.some((c) => typeof c !== 'string');
    if (container) walkDataElements(draft, child);
    for (const [key, value] of child.attrs) {
      if (key !== 'xmlns' && !key.startsWith('xmlns:')) addData(draft, `${child.name}.${key}`, value);
    }
    // An empty element that only carries attributes (`<Error Code="15007"/>`) has no value of its own.
    const text = container ? '' : textOf(child);
    if (!container && (text !== '' || child.attrs.length === 0)) addData(draft, child.name, text);
  }
}

/** The draft of an `<Event>` element. */
export function xmlEventDraft(root: XmlElement): EventDraft {
  if (root.name !== 'Event') throw new XmlError(`expected an <Event> element, found <${root.name}>`);
  const draft = newDraft();
  for (const section of root.children) {
    if (typeof section === 'string') continue;
    if (section.name === 'System') {
      for (const field of section.children) {
        if (typeof field === 'string') continue;
        for (const [key, value] of field.attrs) setSystem(draft, field.name, key, value);
        if (field.children.length > 0) setSystem(draft, field.name, undefined, textOf(field).trim());
      }
    } else if (DATA_SECTIONS.has(section.name)) {
      walkDataElements(draft, section);
    } else if (section.name === 'RenderingInfo') {
      for (const field of section.children) {
        if (typeof field !== 'string' && field.name === 'Message') draft.message = textOf(field);
      }
    }
  }
  return draft;
}
