import { describe, expect, it } from 'vitest';
import { fileTime, hexOf, VALUE_TYPE, valueText } from './values.js';

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
};
const text = (buf: Buffer, type: number) => valueText(buf, 0, buf.length, type);

/** FILETIME ticks (100 ns since 1601) of an ISO time with 100 ns digits. */
const ticks = (iso: string, hundredNs: number) =>
  (BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 10_000n + BigInt(hundredNs);

describe('FILETIME', () => {
  it('converts exactly, keeping all seven fraction digits in the text', () => {
    const buf = u64(ticks('2019-03-19T23:35:07.524Z', 2021));
    expect(fileTime(buf, 0)).toEqual({
      epochMs: Date.UTC(2019, 2, 19, 23, 35, 7, 524),
      text: '2019-03-19T23:35:07.5242021Z',
      assumed: false,
    });
  });

  it('zero is no time; the epochs of 1601 and 1970 and the far future are exact', () => {
    expect(fileTime(u64(0n), 0)).toBeUndefined();
    expect(fileTime(u64(1n), 0)?.text).toBe('1601-01-01T00:00:00.0000001Z');
    expect(fileTime(u64(116_444_736_000_000_000n), 0)).toMatchObject({
      epochMs: 0,
      text: '1970-01-01T00:00:00.0000000Z',
    });
    // Beyond what Date can show: still text, no exception.
    expect(fileTime(u64(0x7fff_ffff_ffff_ffffn), 0)?.text).toBe('30828-09-14T02:48:05.4775807Z');
    expect(fileTime(u64(0xffff_ffff_ffff_ffffn), 0)?.text).toBe('60056-05-28T05:36:10.9551615Z');
  });
});

describe('valueText', () => {
  it('renders strings without their end-of-string characters', () => {
    expect(text(Buffer.from('Security\0', 'utf16le'), VALUE_TYPE.string)).toBe('Security');
    expect(text(Buffer.from('ansi\0\0', 'latin1'), VALUE_TYPE.ansiString)).toBe('ansi');
  });

  it('renders integers of every width, signed and unsigned, exactly beyond 2^53', () => {
    expect(text(Buffer.from([0xff]), VALUE_TYPE.int8)).toBe('-1');
    expect(text(Buffer.from([0xff]), VALUE_TYPE.uint8)).toBe('255');
    expect(text(Buffer.from([0xfe, 0xff]), VALUE_TYPE.int16)).toBe('-2');
    expect(text(Buffer.from([0x19, 0x12]), VALUE_TYPE.uint16)).toBe('4633');
    expect(text(u32(0xffffffff), VALUE_TYPE.int32)).toBe('-1');
    expect(text(u32(4624), VALUE_TYPE.uint32)).toBe('4624');
    expect(text(u64(18_446_744_073_709_551_615n), VALUE_TYPE.uint64)).toBe('18446744073709551615');
    expect(text(u64(452_811n), VALUE_TYPE.uint64)).toBe('452811');
    expect(text(u64(0xffff_ffff_ffff_fffen), VALUE_TYPE.int64)).toBe('-2');
  });

  it('renders hex integers as Windows does (0x3e7, no zero padding)', () => {
    expect(text(u32(0x3e7), VALUE_TYPE.hex32)).toBe('0x3e7');
    expect(text(u64(0x8020000000000000n), VALUE_TYPE.hex64)).toBe('0x8020000000000000');
    expect(text(u64(0x17dadn), VALUE_TYPE.hex64)).toBe('0x17dad');
    expect(text(u64(0x1234n), VALUE_TYPE.size)).toBe('0x1234');
  });

  it('renders reals, booleans, binary, GUIDs and SIDs', () => {
    const real = Buffer.alloc(8);
    real.writeDoubleLE(3199.234);
    expect(text(real, VALUE_TYPE.real64)).toBe('3199.234');
    expect(text(u32(1), VALUE_TYPE.bool)).toBe('true');
    expect(text(u32(0), VALUE_TYPE.bool)).toBe('false');
    expect(text(Buffer.from([0xd9, 0x06, 0, 0]), VALUE_TYPE.binary)).toBe('D9060000');
    const guid = Buffer.from('2568845478549449a5ba3e3b0328c30d', 'hex');
    expect(text(guid, VALUE_TYPE.guid)).toBe('{54846825-5478-4994-A5BA-3E3B0328C30D}');
    const sid = Buffer.from([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0]);
    expect(text(sid, VALUE_TYPE.sid)).toBe('S-1-5-32-544');
  });

  it('renders SYSTEMTIME as ISO 8601', () => {
    const st = Buffer.alloc(16);
    [2021, 11, 3, 24, 15, 47, 0, 388].forEach((v, i) => {
      st.writeUInt16LE(v, i * 2);
    });
    expect(text(st, VALUE_TYPE.systemTime)).toBe('2021-11-24T15:47:00.388Z');
  });

  it('renders arrays as their elements joined with ", "', () => {
    expect(text(Buffer.from('a\0bc\0', 'utf16le'), VALUE_TYPE.array | VALUE_TYPE.string)).toBe('a, bc');
    expect(text(Buffer.concat([u32(1), u32(2)]), VALUE_TYPE.array | VALUE_TYPE.uint32)).toBe('1, 2');
    const sid = Buffer.from([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]);
    expect(text(Buffer.concat([sid, sid]), VALUE_TYPE.array | VALUE_TYPE.sid)).toBe('S-1-5-18, S-1-5-18');
  });

  it('a value too short for its type is shown as hex, never read past its end', () => {
    expect(text(Buffer.from([1, 2]), VALUE_TYPE.uint32)).toBe('0102');
    expect(text(Buffer.from([1, 5, 0]), VALUE_TYPE.sid)).toBe('010500');
    expect(text(Buffer.from([1, 2, 3]), VALUE_TYPE.array | VALUE_TYPE.uint16)).toBe('010203');
    expect(text(Buffer.from([0xab]), 0x7f)).toBe('AB');
  });

  it('hexOf renders uppercase bytes', () => {
    expect(hexOf(Buffer.from([0, 0xab, 0x10]), 0, 3)).toBe('00AB10');
  });
});
