/**
 * The BinXML decoder: turns the token stream of an EVTX chunk ([MS-EVEN6] 2.2.12, libevtx's "Windows XML Event
 * Log (EVTX) format") into element trees. Offsets of names and template definitions are relative to the chunk,
 * so a `ChunkContext` owns the chunk's bytes and caches the names and template definitions it has decoded:
 * a template is decoded once per chunk, however many records instantiate it.
 *
 * Robustness: every read is checked against the end of the structure it belongs to, nesting is limited, each
 * token consumes at least one byte (no loop can stall), and a template that refers to itself is refused.
 * Problems raise `BinXmlError`, which the record reader turns into a rejection.
 */
import {
  type AttrNode,
  BinXmlError,
  type ContentNode,
  type ElementNode,
  type Instance,
  NO_VALUES,
  type SubstNode,
  type ValueNode,
  type Values,
} from './binxml-model.js';
import { utf16 } from './values.js';

const TOKEN = {
  eof: 0x00,
  openStart: 0x01,
  closeStart: 0x02,
  closeEmpty: 0x03,
  end: 0x04,
  value: 0x05,
  attribute: 0x06,
  cdata: 0x07,
  charRef: 0x08,
  entityRef: 0x09,
  piTarget: 0x0a,
  piData: 0x0b,
  templateInstance: 0x0c,
  normalSubst: 0x0d,
  optionalSubst: 0x0e,
  fragmentHeader: 0x0f,
} as const;

/** Deepest element nesting and fragment nesting accepted (real events nest about 5 deep). */
const MAX_DEPTH = 64;
/**
 * The most template definition bytes decoded per chunk. Real definitions lie inside the 64 KiB chunk and are
 * decoded once each; damaged offsets could otherwise make every record decode a "template" anew.
 */
const MAX_TEMPLATE_BYTES = 16 * 65_536;
/** The most substitution values one instance may declare (real templates use fewer than 100). */
const MAX_VALUES = 4096;

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const hex = (n: number) => `0x${n.toString(16)}`;

/** Marks a template being decoded, so that a definition that instantiates itself is refused, not followed. */
const DECODING = new BinXmlError('template definition refers to itself');

/** One chunk's bytes and its caches of names and template definitions (keyed by chunk offset). */
export class ChunkContext {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, readonly ContentNode[] | BinXmlError>();
  private templateBytes = 0;

  /** @param length the number of valid bytes (less than 64 KiB for a truncated last chunk) */
  constructor(
    readonly buf: Buffer,
    readonly length: number,
  ) {}

  /** The name stored at `offset`: next-name offset (4), hash (2), character count (2), UTF-16, NUL. */
  name(offset: number): string {
    const cached = this.names.get(offset);
    if (cached !== undefined) return cached;
    if (offset < 0 || offset + 8 > this.length)
      throw new BinXmlError(`name offset ${hex(offset)} is outside the chunk`);
    const chars = this.buf.readUInt16LE(offset + 6);
    if (offset + 8 + chars * 2 > this.length)
      throw new BinXmlError(`name at ${hex(offset)} runs past the chunk`);
    const name = utf16(this.buf, offset + 8, chars);
    this.names.set(offset, name);
    return name;
  }

  /** The nodes of the template definition at `offset` (decoded on first use, then cached). */
  template(offset: number, depth: number): readonly ContentNode[] {
    const cached = this.templates.get(offset);
    if (cached instanceof BinXmlError) throw cached;
    if (cached !== undefined) return cached;
    if (offset < 0 || offset + 24 > this.length) {
      throw new BinXmlError(`template definition offset ${hex(offset)} is outside the chunk`);
    }
    const start = offset + 24;
    const end = start + this.buf.readUInt32LE(offset + 20);
    if (end > this.length) throw new BinXmlError(`template definition at ${hex(offset)} runs past the chunk`);
    this.templateBytes += end - start;
    if (this.templateBytes > MAX_TEMPLATE_BYTES) {
      throw new BinXmlError(`more than ${MAX_TEMPLATE_BYTES} bytes of template definitions in one chunk`);
    }
    this.templates.set(offset, DECODING);
    try {
      const nodes = new BinXmlReader(this, start, end, depth + 1, false).fragment();
      this.templates.set(offset, nodes);
      return nodes;
    } catch (error) {
      const failure =
        error instanceof BinXmlError
          ? new BinXmlError(`template at ${hex(offset)}: ${error.message}`)
          : new BinXmlError(`template at ${hex(offset)}: ${String(error)}`);
      this.templates.set(offset, failure);
      throw failure;
    }
  }

  /** Decodes the fragment in `[start, end)`: a record's event, or a BinXML substitution value (`inValue`). */
  fragment(start: number, end: number, depth: number, inValue: boolean): Instance {
    const reader = new BinXmlReader(this, start, end, depth, inValue);
    const nodes = reader.fragment();
    // A fragment that is exactly one template instance is returned as that instance, the common case.
    const only = nodes.length === 1 ? nodes[0] : undefined;
    return only?.kind === 'instance' ? only.instance : { nodes, values: NO_VALUES };
  }
}

/** A cursor over one BinXML structure. */
class BinXmlReader {
  private pos: number;
  /** Current element nesting. */
  private level = 0;

  constructor(
    private readonly chunk: ChunkContext,
    start: number,
    private readonly end: number,
    private readonly depth: number,
    /** Inside a BinXML substitution value, where elements usually have no dependency identifier. */
    private readonly inValue: boolean,
  ) {
    if (depth > MAX_DEPTH) throw new BinXmlError('BinXML nesting is too deep');
    this.pos = start;
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.end) {
      throw new BinXmlError(`BinXML ends early at chunk offset ${hex(this.pos)} (needs ${bytes} more bytes)`);
    }
  }

  private u8(): number {
    this.need(1);
    return this.chunk.buf[this.pos++] ?? 0;
  }

  private u16(): number {
    this.need(2);
    const value = this.chunk.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return value;
  }

  private u32(): number {
    this.need(4);
    const value = this.chunk.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  private string(): string {
    const chars = this.u16();
    this.need(chars * 2);
    const text = utf16(this.chunk.buf, this.pos, chars);
    this.pos += chars * 2;
    return text;
  }

  /** A name reference; the name itself follows inline when the offset points just past the reference. */
  private nameRef(): string {
    const offset = this.u32();
    if (offset !== this.pos) return this.chunk.name(offset);
    this.need(8);
    const chars = this.chunk.buf.readUInt16LE(this.pos + 6);
    this.need(8 + chars * 2 + 2);
    const name = this.chunk.name(offset);
    this.pos += 8 + chars * 2 + 2;
    return name;
  }

  /** Content of the document or a fragment: elements, template instances, PIs, until end of stream. */
  fragment(): ContentNode[] {
    const nodes: ContentNode[] = [];
    while (this.pos < this.end) {
      const token = this.chunk.buf[this.pos] ?? 0;
      switch (token & 0xbf) {
        case TOKEN.eof:
          this.pos++;
          return nodes;
        case TOKEN.fragmentHeader:
          this.need(4);
          this.pos += 4;
          break;
        case TOKEN.openStart:
          nodes.push(this.element(token));
          break;
        case TOKEN.templateInstance:
          nodes.push({ kind: 'instance', instance: this.instance() });
          break;
        case TOKEN.piTarget:
        case TOKEN.piData:
          this.pi(token);
          break;
        default:
          throw new BinXmlError(`unexpected BinXML token ${hex(token)} at chunk offset ${hex(this.pos)}`);
      }
    }
    return nodes;
  }

  /** Is there an element header at `sizeAt` whose size and name offset make sense? */
  private plausible(sizeAt: number, tokenAt: number): boolean {
    if (sizeAt + 8 > this.end) return false;
    // Sizes and offsets inside a 64 KiB chunk fit in 16 bits; reading with the wrong layout puts a nonzero
    // 16-bit field into the high half of the size, so this test tells the two layouts apart.
    const size = this.chunk.buf.readUInt32LE(sizeAt);
    const nameOffset = this.chunk.buf.readUInt32LE(sizeAt + 4);
    if (size > 0xffff) return false;
    if (nameOffset === sizeAt + 8) return sizeAt + 16 <= this.end;
    return nameOffset >= 0x200 && nameOffset < tokenAt && nameOffset + 8 <= this.chunk.length;
  }

  private element(token: number): ElementNode {
    const start = this.pos;
    // The element header has a 2-byte dependency identifier, except (usually) inside BinXML values and in
    // some Windows 10+ records: take the layout that reads a sensible size and name offset.
    const withDependency = this.plausible(start + 3, start);
    const without = this.plausible(start + 1, start);
    if (!withDependency && !without) {
      throw new BinXmlError(`unreadable element header at chunk offset ${hex(start)}`);
    }
    this.pos = start + (withDependency && !(this.inValue && without) ? 7 : 5);
    const name = this.nameRef();
    const attrs: AttrNode[] = [];
    if (token & 0x40) {
      this.u32(); // size of the attribute list
      while (this.pos < this.end && ((this.chunk.buf[this.pos] ?? 0) & 0xbf) === TOKEN.attribute) {
        this.pos++;
        const attrName = this.nameRef();
        attrs.push({ name: attrName, value: this.values() });
      }
    }
    const close = this.u8();
    if (close === TOKEN.closeEmpty) return { kind: 'element', name, attrs, children: [] };
    if (close !== TOKEN.closeStart) {
      throw new BinXmlError(`element <${name}> at ${hex(start)} is not closed (token ${hex(close)})`);
    }
    if (++this.level > MAX_DEPTH) throw new BinXmlError('BinXML nesting is too deep');
    const children = this.content(name);
    this.level--;
    return { kind: 'element', name, attrs, children };
  }

  /** An attribute value: value text, substitutions and references, until the next attribute or the close. */
  private values(): ValueNode[] {
    const parts: ValueNode[] = [];
    while (this.pos < this.end) {
      const token = this.chunk.buf[this.pos] ?? 0;
      const base = token & 0xbf;
      if (base === TOKEN.value || base === TOKEN.charRef || base === TOKEN.entityRef) {
        this.pos++;
        pushText(parts, this.text(base));
      } else if (token === TOKEN.normalSubst || token === TOKEN.optionalSubst) {
        parts.push(this.substitution());
      } else {
        break;
      }
    }
    return parts;
  }

  /** The text of a value, character reference or entity reference token (after the token byte). */
  private text(base: number): string {
    if (base === TOKEN.value) {
      const type = this.u8();
      if (type !== 0x01) throw new BinXmlError(`value text of type ${hex(type)} at ${hex(this.pos - 2)}`);
      return this.string();
    }
    if (base === TOKEN.charRef) return String.fromCharCode(this.u16());
    const entity = this.nameRef();
    return ENTITIES[entity] ?? `&${entity};`;
  }

  private substitution(): SubstNode {
    const token = this.u8();
    const index = this.u16();
    this.u8(); // the declared type; the instance's value table says what the value really is
    return { kind: 'subst', index, optional: token === TOKEN.optionalSubst };
  }

  private pi(token: number): void {
    this.pos++;
    if (token === TOKEN.piTarget) this.nameRef();
    else this.string();
  }

  /** Element content up to its end-element token. */
  private content(name: string): ContentNode[] {
    const children: ContentNode[] = [];
    for (;;) {
      this.need(1);
      const token = this.chunk.buf[this.pos] ?? 0;
      const base = token & 0xbf;
      switch (base) {
        case TOKEN.end:
          this.pos++;
          return children;
        case TOKEN.openStart:
          children.push(this.element(token));
          break;
        case TOKEN.value:
        case TOKEN.charRef:
        case TOKEN.entityRef:
          this.pos++;
          pushText(children, this.text(base));
          break;
        case TOKEN.cdata:
          this.pos++;
          pushText(children, this.string());
          break;
        case TOKEN.normalSubst:
        case TOKEN.optionalSubst:
          children.push(this.substitution());
          break;
        case TOKEN.templateInstance:
          children.push({ kind: 'instance', instance: this.instance() });
          break;
        case TOKEN.piTarget:
        case TOKEN.piData:
          this.pi(token);
          break;
        default:
          throw new BinXmlError(
            `unexpected token ${hex(token)} in <${name}> at chunk offset ${hex(this.pos)}`,
          );
      }
    }
  }

  /** A template instance: the definition (inline the first time, else by offset) and its value table. */
  private instance(): Instance {
    this.need(10);
    this.pos += 2; // token, unknown byte
    this.u32(); // template identifier
    const definition = this.u32();
    let nodes: readonly ContentNode[];
    if (definition === this.pos) {
      this.need(24);
      const size = this.chunk.buf.readUInt32LE(this.pos + 20);
      this.need(24 + size);
      nodes = this.chunk.template(definition, this.depth);
      this.pos += 24 + size;
    } else {
      nodes = this.chunk.template(definition, this.depth);
    }
    return { nodes, values: this.valueTable() };
  }

  /** The value table: a count, a (size, type) descriptor per value, then the values' bytes. */
  private valueTable(): Values {
    const count = this.u32();
    if (count > MAX_VALUES || count * 4 > this.end - this.pos) {
      throw new BinXmlError(`template instance declares ${count} values, more than its record holds`);
    }
    // Plain arrays: cheaper to create than typed arrays for the few dozen values of an instance.
    const offsets: number[] = [];
    const sizes: number[] = [];
    const types: number[] = [];
    const buf = this.chunk.buf;
    let at = this.pos + count * 4;
    for (let i = 0; i < count; i++) {
      const d = this.pos + i * 4;
      const size = buf.readUInt16LE(d);
      offsets.push(at);
      sizes.push(size);
      types.push(buf[d + 2] ?? 0);
      at += size;
    }
    if (at > this.end) throw new BinXmlError(`template values run ${at - this.end} bytes past the record`);
    this.pos = at;
    return { count, offsets, sizes, types };
  }
}

/** Appends text, merging it with a preceding text node. */
function pushText(nodes: (ContentNode | ValueNode)[], text: string): void {
  const last = nodes[nodes.length - 1];
  if (last?.kind === 'text') nodes[nodes.length - 1] = { kind: 'text', text: last.text + text };
  else nodes.push({ kind: 'text', text });
}
