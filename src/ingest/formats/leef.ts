/**
 * IBM QRadar LEEF files: one `LEEF:1.0|...` or `LEEF:2.0|...` record per line, alone or after a syslog header.
 * The record's `devTime` wins; the syslog header's time is used when it has none, with the year inferred from
 * the evidence when the header has no year. Decoding and meaning: src/core/normalize-leef.ts.
 */
import { normalizeLeef, parseLeef } from '../../core/normalize-leef.js';
import type { FormatParser, ParseContext } from '../types.js';
import { type DeviceNormalizer, detectDevice, deviceItem } from './cef.js';
import { readLinesWithYears } from './syslog.js';

function normalizeLeefLine(context: ParseContext): DeviceNormalizer {
  return (body, header) => {
    const record = parseLeef(body);
    if (!record.ok) return record;
    return normalizeLeef(record.value, {
      zone: context.zone,
      headerTime: header.time,
      headerHost: header.host,
    });
  };
}

/** LEEF: IBM QRadar Log Event Extended Format 1.0 and 2.0 lines, alone or after a syslog header. */
export const leefParser: FormatParser = {
  name: 'leef',
  description: 'IBM QRadar LEEF 1.0/2.0 lines (LEEF:2.0|vendor|product|...), alone or after a syslog header',
  detect(sample) {
    return detectDevice(sample, 'LEEF:', /^LEEF:[12](?:\.\d)?\|/);
  },
  parse(content, context) {
    const normalize = normalizeLeefLine(context);
    return readLinesWithYears(content, context, (text, where) =>
      deviceItem(text, where, context.zone, 'LEEF:', normalize),
    );
  },
};
