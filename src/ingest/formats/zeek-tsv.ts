/**
 * Zeek classic TSV logs (conn.log, dns.log...): `#` header lines declare the separator (`#separator \x09`), the
 * set separator, the empty and unset markers, the log's path, its fields and types; `#open`/`#close` frame it.
 * Header lines are structural and yield nothing; each data line becomes one event or one rejection. A file may
 * hold several logs one after another, each with its own header. Value typing: src/core/normalize-zeek-tsv.ts.
 */
import {
  normalizeZeekRecord,
  unescapeZeek,
  ZEEK_DEFAULT_MARKERS,
  zeekTsvValue,
} from '../../core/normalize-zeek-tsv.js';
import { readLines, reject, tooLong } from '../lines.js';
import type { FormatParser } from '../types.js';

interface Header {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string;
  fields: string[] | undefined;
  types: string[];
}

function newHeader(): Header {
  return { separator: '\t', ...ZEEK_DEFAULT_MARKERS, path: 'unknown', fields: undefined, types: [] };
}

/** Applies a `#directive` line to the header. */
function directive(header: Header, text: string): void {
  if (text.startsWith('#separator ')) {
    header.separator = unescapeZeek(text.slice(11).trim()) || '\t';
    return;
  }
  const [name = '', ...values] = text.slice(1).split(header.separator);
  const value = unescapeZeek(values.join(header.separator));
  switch (name) {
    case 'set_separator':
      header.setSeparator = value || ',';
      break;
    case 'empty_field':
      header.emptyField = value;
      break;
    case 'unset_field':
      header.unsetField = value;
      break;
    case 'path':
      header.path = value || 'unknown';
      break;
    case 'fields':
      header.fields = values;
      header.types = [];
      break;
    case 'types':
      header.types = values;
      break;
    default:
      break; // #open, #close and unknown directives carry nothing a record needs
  }
}

/** Zeek TSV: classic tab-separated Zeek logs with their `#` headers. */
export const zeekTsvParser: FormatParser = {
  name: 'zeek-tsv',
  description:
    'Zeek classic TSV logs (#separator/#fields/#types headers), one event per row, dataset zeek.<path>',
  detect(sample) {
    return sample.text?.replace(/^\uFEFF/, '').startsWith('#separator ') ? 1 : 0;
  },
  async *parse(content, context) {
    const max = context.limits.maxRecordBytes;
    let header = newHeader();
    for await (const line of readLines(content, max)) {
      if (line.tooLong) {
        yield tooLong(line, max);
        continue;
      }
      const text = line.text;
      if (text.trim() === '') continue;
      if (text.startsWith('#')) {
        // A new #separator starts the header of another log.
        if (text.startsWith('#separator ')) header = newHeader();
        directive(header, text);
        continue;
      }
      const fields = header.fields;
      if (fields === undefined) {
        yield reject(line.where, 'a Zeek data line before any #fields header', text);
        continue;
      }
      const cells = text.split(header.separator);
      if (cells.length !== fields.length) {
        yield reject(
          line.where,
          `${cells.length} values for the ${fields.length} #fields of ${header.path}.log`,
          text,
        );
        continue;
      }
      const record: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const value = zeekTsvValue(cells[i] ?? '', header.types[i], header);
        if (value !== undefined) record[fields[i] ?? ''] = value;
      }
      const event = normalizeZeekRecord(header.path, record, context.zone);
      yield event.ok
        ? { ok: true, event: event.value, where: line.where }
        : reject(line.where, event.reason, text);
    }
  },
};
