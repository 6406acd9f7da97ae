/**
 * CSV writing that is safe to open in a spreadsheet. A cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is read as a formula by Excel, LibreOffice and Google Sheets ("CSV injection"), and log data
 * is attacker-controlled, so such cells get a leading apostrophe. Quoting follows RFC 4180.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralized when it could be read as a formula, quoted when it holds a delimiter, quote or newline. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Numbers are safe as they are (a negative number is not a formula).
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (without the line ending). */
export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}
