/**
 * Reads the values Debrief needs out of a decoded EVTX event, without building XML: walks the (cached) template
 * nodes of the record's instance and renders only the substitution values that land in System fields,
 * EventData `Data` elements and UserData leaves. Substitution values that are themselves BinXML (UserData is
 * usually one) are decoded as fragments and walked in place.
 *
 * The walk dispatches on a section code rather than on callbacks: no closure is created per record.
 */

import type { ChunkContext } from './binxml.js';
import {
  type AttrNode,
  BinXmlError,
  type ContentNode,
  type ElementNode,
  type Instance,
  type ValueNode,
  type Values,
} from './binxml-model.js';
import { addData, DATA_SECTIONS, dataKey, type EventDraft, newDraft, setSystem } from './event-builder.js';
import { fileTime, VALUE_TYPE, valueText } from './values.js';

/** Nesting limit for BinXML values inside BinXML values. */
const MAX_NESTING = 8;

/** Where in the event an element is: what visiting it means. */
const SECTION = { top: 0, event: 1, system: 2, data: 3, rendering: 4, text: 5 } as const;
type Section = (typeof SECTION)[keyof typeof SECTION];

/** Walks decoded event nodes into a draft event. */
class EventWalker {
  readonly draft: EventDraft = newDraft();
  private nesting = 0;
  /** Texts collected by a `text` walk (a BinXML value used as text). */
  private texts: string[] = [];

  constructor(private readonly chunk: ChunkContext) {}

  /**
   * Visits the elements of `nodes` in `section`, expanding template instances and BinXML values in place.
   * Returns whether any element was found (a data element with element children is a container).
   */
  elements(nodes: readonly ContentNode[], values: Values, section: Section): boolean {
    let found = false;
    for (const node of nodes) {
      if (node.kind === 'element') {
        found = true;
        this.visit(node, values, section);
      } else if (node.kind === 'instance') {
        found = this.elements(node.instance.nodes, node.instance.values, section) || found;
      } else if (node.kind === 'subst' && values.types[node.index] === VALUE_TYPE.binXml) {
        const nested = this.nested(values, node.index);
        if (nested) found = this.elements(nested.nodes, nested.values, section) || found;
      }
    }
    return found;
  }

  private visit(element: ElementNode, values: Values, section: Section): void {
    switch (section) {
      case SECTION.top:
        // `<Event>`, or for fragments without it, a section found at the top.
        if (element.name === 'Event') this.elements(element.children, values, SECTION.event);
        else this.visit(element, values, SECTION.event);
        return;
      case SECTION.event:
        if (element.name === 'System') this.elements(element.children, values, SECTION.system);
        else if (DATA_SECTIONS.has(element.name)) this.elements(element.children, values, SECTION.data);
        else if (element.name === 'RenderingInfo') this.elements(element.children, values, SECTION.rendering);
        return;
      case SECTION.system:
        this.system(element, values);
        return;
      case SECTION.data:
        this.data(element, values);
        return;
      case SECTION.rendering:
        if (element.name === 'Message') this.draft.message = this.text(element.children, values);
        return;
      case SECTION.text: {
        const text = this.text(element.children, values);
        if (text !== '') this.texts.push(text);
        this.elements(element.children, values, SECTION.text);
        return;
      }
      default:
        section satisfies never;
    }
  }

  private nested(values: Values, index: number): Instance | undefined {
    const size = values.sizes[index] ?? 0;
    if (size === 0) return undefined;
    const start = values.offsets[index] ?? 0;
    if (++this.nesting > MAX_NESTING) throw new BinXmlError('BinXML values nested too deeply');
    const instance = this.chunk.fragment(start, start + size, this.nesting, true);
    this.nesting--;
    return instance;
  }

  /** One substitution value as text; undefined for an optional value that is null or empty. */
  private substText(index: number, optional: boolean, values: Values): string | undefined {
    if (index >= values.count) return optional ? undefined : '';
    const type = values.types[index] ?? 0;
    const size = values.sizes[index] ?? 0;
    if (type === VALUE_TYPE.null || size === 0) return optional ? undefined : '';
    if (type === VALUE_TYPE.binXml) return this.fragmentText(values, index);
    return valueText(this.chunk.buf, values.offsets[index] ?? 0, size, type);
  }

  /** The text content of a BinXML value used as text (rare): its leaf texts, space-separated. */
  private fragmentText(values: Values, index: number): string {
    const nested = this.nested(values, index);
    if (!nested) return '';
    const outer = this.texts;
    this.texts = [];
    this.elements(nested.nodes, nested.values, SECTION.text);
    const text = this.texts.join(' ');
    this.texts = outer;
    return text;
  }

  /** The text of attribute or element content (elements inside are skipped). */
  text(nodes: readonly (ContentNode | ValueNode)[], values: Values): string {
    if (nodes.length === 1) {
      const only = nodes[0];
      if (only?.kind === 'text') return only.text;
      if (only?.kind === 'subst') return this.substText(only.index, only.optional, values) ?? '';
    }
    let out = '';
    for (const node of nodes) {
      if (node.kind === 'text') out += node.text;
      else if (node.kind === 'subst') out += this.substText(node.index, node.optional, values) ?? '';
    }
    return out;
  }

  /** An attribute's value; undefined when an optional substitution has no value. */
  private attrValue(attr: AttrNode, values: Values): string | undefined {
    const only = attr.value.length === 1 ? attr.value[0] : undefined;
    if (only?.kind === 'subst') return this.substText(only.index, only.optional, values);
    return this.text(attr.value, values);
  }

  private system(element: ElementNode, values: Values): void {
    if (element.name === 'TimeCreated') {
      this.timeCreated(element, values);
      return;
    }
    for (const attr of element.attrs) {
      const text = this.attrValue(attr, values);
      if (text !== undefined) setSystem(this.draft, element.name, attr.name, text);
    }
    if (element.children.length > 0) {
      setSystem(this.draft, element.name, undefined, this.text(element.children, values));
    }
  }

  /** TimeCreated/@SystemTime: read straight from the FILETIME value when it is one (the usual case). */
  private timeCreated(element: ElementNode, values: Values): void {
    for (const attr of element.attrs) {
      if (attr.name !== 'SystemTime') continue;
      const only = attr.value.length === 1 ? attr.value[0] : undefined;
      if (
        only?.kind === 'subst' &&
        only.index < values.count &&
        values.types[only.index] === VALUE_TYPE.fileTime
      ) {
        const at = values.offsets[only.index] ?? 0;
        if ((values.sizes[only.index] ?? 0) >= 8) this.draft.time = fileTime(this.chunk.buf, at);
        return;
      }
      const text = this.attrValue(attr, values);
      if (text !== undefined && text !== '') this.draft.timeText = text;
    }
  }

  private data(element: ElementNode, values: Values): void {
    const draft = this.draft;
    if (element.name === 'Data') {
      let name: string | undefined;
      for (const attr of element.attrs) if (attr.name === 'Name') name = this.attrValue(attr, values);
      addData(draft, dataKey(draft, name), this.text(element.children, values));
      return;
    }
    // Other elements (UserData's) are flattened: leaves by name, attributes as element.attribute.
    const container = this.elements(element.children, values, SECTION.data);
    for (const attr of element.attrs) {
      if (attr.name === 'xmlns' || attr.name.startsWith('xmlns:')) continue;
      const text = this.attrValue(attr, values);
      if (text !== undefined) addData(draft, `${element.name}.${attr.name}`, text);
    }
    if (!container) {
      // An empty element that only carries attributes (`<Error Code="15007"/>`) has no value of its own.
      const text = this.text(element.children, values);
      if (text !== '' || element.attrs.length === 0) addData(draft, element.name, text);
    }
  }
}

/** Walks a record's decoded event into a draft (values, data and time). */
export function walkEvent(chunk: ChunkContext, event: Instance): EventDraft {
  const walker = new EventWalker(chunk);
  walker.elements(event.nodes, event.values, SECTION.top);
  return walker.draft;
}
