import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.js';

describe('CSV cells', () => {
  it('neutralizes cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    );
    expect(csvCell('+cmd|/c calc!A1')).toBe("'+cmd|/c calc!A1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('keeps numbers, including negative ones, as numbers', () => {
    expect(csvRow([-3, 4.5, 0])).toBe('-3,4.5,0');
  });

  it('quotes delimiters, quotes and newlines per RFC 4180', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', null, true])).toBe(
      '"a,b","say ""hi""","two\nlines",,true',
    );
  });
});
