import { describe, expect, it } from 'vitest';
import { ChunkContext } from './binxml.js';
import { BinXmlError } from './binxml-model.js';
import { VALUE_TYPE } from './values.js';
import { walkEvent } from './walk.js';

/** Writes BinXML into a 64 KiB chunk buffer; offsets are chunk offsets, as in real files. */
class ChunkBuilder {
  readonly buf = Buffer.alloc(65_536);
  pos = 512;

  u8(...bytes: number[]): this {
    for (const b of bytes) this.buf[this.pos++] = b;
    return this;
  }
  u16(n: number): this {
    this.buf.writeUInt16LE(n, this.pos);
    this.pos += 2;
    return this;
  }
  u32(n: number): this {
    this.buf.writeUInt32LE(n, this.pos);
    this.pos += 4;
    return this;
  }
  utf16(text: string): this {
    this.pos += this.buf.write(text, this.pos, 'utf16le');
    return this;
  }
  /** A name reference followed by the name itself (inline, as on first use). */
  name(text: string): this {
    this.u32(this.pos + 4);
    return this.u32(0).u16(0).u16(text.length).utf16(text).u16(0);
  }
  fragmentHeader(): this {
    return this.u8(0x0f, 1, 1, 0);
  }
  /** An element start; `dependency` false writes the layout without the 2-byte dependency identifier. */
  open(name: string, attrs = false, dependency = true): this {
    this.u8(attrs ? 0x41 : 0x01);
    if (dependency) this.u16(0xffff);
    this.u32(0);
    this.name(name);
    return attrs ? this.u32(0) : this;
  }
  attr(name: string): this {
    return this.u8(0x06).name(name);
  }
  text(value: string): this {
    return this.u8(0x05, 0x01).u16(value.length).utf16(value);
  }
  subst(index: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d)
      .u16(index)
      .u8(type);
  }
  /** `<name>%index</name>` */
  leaf(name: string, index: number, type: number): this {
    return this.open(name).u8(0x02).subst(index, type).u8(0x04);
  }
  /** A template instance with an inline definition written by `body`; returns the definition offset. */
  templateInline(body: (b: this) => void): number {
    this.u8(0x0c, 0x01).u32(1);
    const definition = this.pos + 4;
    this.u32(definition).u32(0);
    this.pos += 16; // GUID
    const sizeAt = this.pos;
    this.u32(0);
    const start = this.pos;
    body(this);
    this.buf.writeUInt32LE(this.pos - start, sizeAt);
    return definition;
  }
  templateRef(definition: number): this {
    return this.u8(0x0c, 0x01).u32(1).u32(definition);
  }
  values(values: readonly (readonly [number, Buffer])[]): this {
    this.u32(values.length);
    for (const [type, bytes] of values) this.u16(bytes.length).u8(type, 0);
    for (const [, bytes] of values) {
      bytes.copy(this.buf, this.pos);
      this.pos += bytes.length;
    }
    return this;
  }
}

const str = (s: string) => Buffer.from(`${s}\0`, 'utf16le');
const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const fileTime = (ms: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(ms) + 11_644_473_600_000n) * 10_000n);
  return b;
};

/** The System + EventData template used by the tests (substitutions 0..5). */
function eventTemplate(b: ChunkBuilder): void {
  b.fragmentHeader()
    .open('Event', true)
    .attr('xmlns')
    .text('http://schemas.microsoft.com/win/2004/08/events/event');
  b.u8(0x02).open('System').u8(0x02);
  b.open('Provider', true).attr('Name').subst(0, VALUE_TYPE.string).u8(0x03);
  b.open('EventID', true).attr('Qualifiers').subst(1, VALUE_TYPE.uint16, true).u8(0x02);
  b.subst(2, VALUE_TYPE.uint16).u8(0x04);
  b.open('TimeCreated', true).attr('SystemTime').subst(3, VALUE_TYPE.fileTime, true).u8(0x03);
  b.open('Channel').u8(0x02).text('Security').u8(0x04);
  b.leaf('Computer', 4, VALUE_TYPE.string);
  b.u8(0x04); // </System>
  b.open('EventData').u8(0x02);
  b.open('Data', true).attr('Name').text('TargetUserName').u8(0x02).subst(5, VALUE_TYPE.string).u8(0x04);
  b.open('Data').u8(0x02).subst(6, VALUE_TYPE.uint32).u8(0x04);
  b.u8(0x04, 0x04, 0x00); // </EventData></Event> EOF
}

const T0 = Date.UTC(2020, 8, 9, 13, 18, 23, 627);

describe('BinXML decoding', () => {
  it('decodes a template instance into System values, named and unnamed Data', () => {
    const b = new ChunkBuilder();
    const start = b.pos;
    b.fragmentHeader();
    b.templateInline(eventTemplate);
    b.values([
      [VALUE_TYPE.string, str('Microsoft-Windows-Security-Auditing')],
      [VALUE_TYPE.null, Buffer.alloc(0)],
      [VALUE_TYPE.uint16, u16(4625)],
      [VALUE_TYPE.fileTime, fileTime(T0)],
      [VALUE_TYPE.string, str('HOST1')],
      [VALUE_TYPE.string, str('alice')],
      [VALUE_TYPE.uint32, Buffer.from([7, 0, 0, 0])],
    ]);
    const chunk = new ChunkContext(b.buf, b.pos);
    const draft = walkEvent(chunk, chunk.fragment(start, b.pos, 0, false));
    expect(draft).toMatchObject({
      provider: 'Microsoft-Windows-Security-Auditing',
      eventId: '4625',
      channel: 'Security',
      computer: 'HOST1',
      time: { epochMs: T0, assumed: false },
    });
    expect(draft.qualifiers).toBeUndefined(); // optional substitution with a null value: no attribute
    expect({ ...draft.data }).toEqual({ TargetUserName: 'alice', param1: '7' });
  });

  it('a later record reuses the cached template definition by offset, with its own values', () => {
    const b = new ChunkBuilder();
    const first = b.pos;
    b.fragmentHeader();
    const definition = b.templateInline(eventTemplate);
    const values = (user: string) =>
      b.values([
        [VALUE_TYPE.string, str('P')],
        [VALUE_TYPE.uint16, u16(16384)],
        [VALUE_TYPE.uint16, u16(7036)],
        [VALUE_TYPE.fileTime, fileTime(T0)],
        [VALUE_TYPE.string, str('H')],
        [VALUE_TYPE.string, str(user)],
        [VALUE_TYPE.uint32, Buffer.alloc(4)],
      ]);
    values('first');
    const second = b.pos;
    b.fragmentHeader().templateRef(definition);
    values('second');
    const chunk = new ChunkContext(b.buf, b.pos);
    const one = walkEvent(chunk, chunk.fragment(first, second, 0, false));
    const two = walkEvent(chunk, chunk.fragment(second, b.pos, 0, false));
    expect(one.data.TargetUserName).toBe('first');
    expect(two.data.TargetUserName).toBe('second');
    expect(two.qualifiers).toBe('16384');
    // The cache returns the very same nodes.
    expect(chunk.template(definition, 0)).toBe(chunk.template(definition, 0));
  });

  it('reads elements without a dependency identifier (Windows 10 records, BinXML values)', () => {
    const b = new ChunkBuilder();
    const start = b.pos;
    b.fragmentHeader().open('Event', false, false).u8(0x02);
    b.open('System', false, false).u8(0x02);
    b.open('EventID', false, false).u8(0x02).text('1116').u8(0x04);
    b.open('TimeCreated', true, false).attr('SystemTime').text('2020-12-11T12:28:01.2990045Z').u8(0x03);
    b.u8(0x04);
    b.open('EventData', false, false).u8(0x02);
    b.open('Data', true, false).attr('Name').text('Threat Name').u8(0x02).text('HackTool').u8(0x04);
    b.u8(0x04, 0x04, 0x00);
    const chunk = new ChunkContext(b.buf, b.pos);
    const draft = walkEvent(chunk, chunk.fragment(start, b.pos, 0, false));
    expect(draft).toMatchObject({ eventId: '1116', timeText: '2020-12-11T12:28:01.2990045Z' });
    expect(draft.data['Threat Name']).toBe('HackTool');
  });

  it('decodes UserData given as a BinXML value, flattening its leaves', () => {
    const b = new ChunkBuilder();
    const start = b.pos;
    b.fragmentHeader();
    b.templateInline((t) => {
      t.fragmentHeader().open('Event').u8(0x02);
      t.open('System').u8(0x02).leaf('EventID', 0, VALUE_TYPE.uint16).u8(0x04);
      t.open('UserData').u8(0x02).subst(1, VALUE_TYPE.binXml).u8(0x04);
      t.u8(0x04, 0x00);
    });
    const nested = new ChunkBuilder();
    // The nested fragment is written at its final chunk offset (after the value table) so inline names resolve.
    nested.pos = b.pos + 4 + 2 * 4 + 2;
    const nestedStart = nested.pos;
    nested.open('LogFileCleared', true, false).attr('xmlns').text('urn:x').u8(0x02);
    nested.open('SubjectUserName', false, false).u8(0x02).text('bob').u8(0x04);
    nested.open('Error', true, false).attr('Code').text('15007').u8(0x03);
    nested.u8(0x04, 0x00);
    const bytes = Buffer.from(nested.buf.subarray(nestedStart, nested.pos));
    b.values([
      [VALUE_TYPE.uint16, u16(1102)],
      [VALUE_TYPE.binXml, bytes],
    ]);
    const chunk = new ChunkContext(b.buf, b.pos);
    const draft = walkEvent(chunk, chunk.fragment(start, b.pos, 0, false));
    expect(draft.eventId).toBe('1102');
    expect({ ...draft.data }).toEqual({ SubjectUserName: 'bob', 'Error.Code': '15007' });
  });

  it('resolves character and entity references and CDATA; skips processing instructions', () => {
    const b = new ChunkBuilder();
    const start = b.pos;
    b.fragmentHeader().open('Event').u8(0x02).open('EventData').u8(0x02);
    b.open('Data', true).attr('Name').text('x').u8(0x02);
    b.text('a').u8(0x48).u16(0x26).u8(0x49).name('lt').u8(0x07).u16(3).utf16('c>d');
    b.u8(0x0a).name('pi').u8(0x0b).u16(2).utf16('zz');
    b.u8(0x04, 0x04, 0x04, 0x00);
    const chunk = new ChunkContext(b.buf, b.pos);
    const draft = walkEvent(chunk, chunk.fragment(start, b.pos, 0, false));
    expect(draft.data.x).toBe('a&<c>d');
  });

  it('refuses a template definition that instantiates itself instead of recursing forever', () => {
    const b = new ChunkBuilder();
    const start = b.pos;
    b.fragmentHeader();
    b.templateInline((t) => {
      t.fragmentHeader().open('Event').u8(0x02);
      // The definition starts 10 bytes before its body's first byte minus the header: compute its offset.
      t.templateRef(start + 4 + 10).u32(0);
      t.u8(0x04, 0x00);
    });
    b.values([]);
    const chunk = new ChunkContext(b.buf, b.pos);
    expect(() => chunk.fragment(start, b.pos, 0, false)).toThrow(BinXmlError);
    expect(() => chunk.fragment(start, b.pos, 0, false)).toThrow(/refers to itself/);
  });

  it('refuses nesting deeper than 64 elements', () => {
    const b = new ChunkBuilder();
    const start = b.pos;
    b.fragmentHeader();
    for (let i = 0; i < 70; i++) b.open('E').u8(0x02);
    for (let i = 0; i < 70; i++) b.u8(0x04);
    b.u8(0x00);
    const chunk = new ChunkContext(b.buf, b.pos);
    expect(() => chunk.fragment(start, b.pos, 0, false)).toThrow(/nesting is too deep/);
  });

  it('reports data that ends early, and value tables larger than their record', () => {
    const b = new ChunkBuilder();
    const start = b.pos;
    b.fragmentHeader().open('Event').u8(0x02).open('System');
    const chunk = new ChunkContext(b.buf, b.pos);
    expect(() => chunk.fragment(start, b.pos - 3, 0, false)).toThrow(BinXmlError);
    const c = new ChunkBuilder();
    const at = c.pos;
    c.fragmentHeader();
    c.templateInline((t) => t.fragmentHeader().open('Event').u8(0x03, 0x00));
    c.u32(5000);
    const chunk2 = new ChunkContext(c.buf, c.pos);
    expect(() => chunk2.fragment(at, c.pos, 0, false)).toThrow(/declares 5000 values/);
  });
});
