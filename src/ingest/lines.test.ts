import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines } from './lines.js';

async function* chunks(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i++ % Math.max(1, sizes.length)] ?? bytes.length);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

async function collect(text: string | Uint8Array, sizes: readonly number[] = [1 << 20], max = 1 << 20) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const out = [];
  for await (const line of readLines(chunks(bytes, sizes), max)) out.push(line);
  return out;
}

describe('readLines', () => {
  it('gives each line its text, 1-based number and exact byte range', async () => {
    const lines = await collect('alpha\r\nbé\n\nlast');
    expect(lines.map((l) => [l.text, l.where])).toEqual([
      ['alpha', { offset: 0, length: 5, line: 1 }],
      ['bé', { offset: 7, length: 3, line: 2 }],
      ['', { offset: 11, length: 0, line: 3 }],
      ['last', { offset: 12, length: 4, line: 4 }],
    ]);
  });

  it('skips a UTF-8 byte-order mark but keeps offsets true to the file', async () => {
    const lines = await collect(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62]));
    expect(lines.map((l) => [l.text, l.where.offset])).toEqual([
      ['a', 3],
      ['b', 5],
    ]);
  });

  it('decodes characters split across chunk boundaries', async () => {
    const lines = await collect('日本語のログ\n€uro\n', [1, 2, 3]);
    expect(lines.map((l) => l.text)).toEqual(['日本語のログ', '€uro']);
  });

  it('reports a line over the limit once, with its head, and keeps the lines after it', async () => {
    const long = 'x'.repeat(5_000);
    const lines = await collect(`ok\n${long}\nafter\n${long}`, [700], 1_000);
    expect(lines.map((l) => [l.text.length, l.tooLong ?? false, l.where.line])).toEqual([
      [2, false, 1],
      [200, true, 2],
      [5, false, 3],
      [200, true, 4],
    ]);
    expect(lines[1]?.where).toEqual({ offset: 3, length: 5_000, line: 2 });
    expect(lines[3]?.where).toEqual({ offset: 5_010, length: 5_000, line: 4 });
  });

  it('matches a plain split for any text and any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 }),
        async (text, sizes) => {
          const lines = await collect(text, sizes);
          const expected = text.split('\n').map((l) => l.replace(/\r$/, ''));
          if (expected.at(-1) === '') expected.pop();
          expect(lines.map((l) => l.text)).toEqual(
            expected.map((l, i) => (i === 0 ? l.replace(/^\uFEFF/, '') : l)),
          );
          const bytes = new TextEncoder().encode(text);
          for (const line of lines) {
            const slice = new TextDecoder().decode(
              bytes.subarray(line.where.offset, line.where.offset + line.where.length),
            );
            expect(slice.replace(/\r$/, '')).toBe(line.text);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
