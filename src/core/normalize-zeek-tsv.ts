/**
 * Zeek's classic tab-separated logs: values typed by the `#types` header (`time`, `count`, `bool`, `set[string]`,
 * `vector[addr]`...), the unset marker (`-`) for no value, the empty marker (`(empty)`) for an empty set or
 * string, containers split on the set separator, and non-printable or separator bytes escaped as `\xHH`. A row
 * becomes a field-name → typed-value record, the same shape a Zeek JSON log has, so one set of per-log rules
 * (src/core/normalize-zeek.ts: conn, dns, http, ssl, files, kerberos, smb, dce_rpc, notice, weird, x509, pe,
 * ntlm, rdp, ssh...) serves both. Pure.
 */
import type { NormalizedEvent } from './event.js';
import { normalizeZeek } from './normalize-zeek.js';
import type { ParseResult } from './time.js';

/** The markers a Zeek TSV header declares. */
export interface ZeekMarkers {
  readonly setSeparator: string;
  readonly emptyField: string;
  readonly unsetField: string;
}

/** Zeek's defaults, used when a header leaves a marker out. */
export const ZEEK_DEFAULT_MARKERS: ZeekMarkers = {
  setSeparator: ',',
  emptyField: '(empty)',
  unsetField: '-',
};

/** Decodes Zeek's `\xHH` escapes; the bytes are read as UTF-8 (Latin-1 when they are not valid UTF-8). */
export function unescapeZeek(text: string): string {
  if (!text.includes('\\x')) return text;
  return text.replace(/(?:\\x[0-9A-Fa-f]{2})+/g, (run) => {
    const hex = run.split('\\x').slice(1);
    try {
      return decodeURIComponent(`%${hex.join('%')}`);
    } catch {
      return hex.map((h) => String.fromCharCode(Number.parseInt(h, 16))).join('');
    }
  });
}

const NUMERIC = new Set(['count', 'int', 'double', 'time', 'interval', 'port']);

function scalar(text: string, type: string): unknown {
  if (type === 'bool') return text === 'T' ? true : text === 'F' ? false : text;
  if (NUMERIC.has(type) && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  return unescapeZeek(text);
}

/**
 * The typed value of one TSV cell: undefined when unset, arrays for `set[...]` and `vector[...]`, booleans for
 * `bool`, numbers for numeric types, text otherwise.
 */
export function zeekTsvValue(text: string, type: string | undefined, markers: ZeekMarkers): unknown {
  if (text === markers.unsetField) return undefined;
  const container = type === undefined ? undefined : /^(?:set|vector|table)\[(\w+)\]$/.exec(type);
  if (container) {
    if (text === markers.emptyField) return [];
    const element = container[1] ?? 'string';
    return text.split(markers.setSeparator).map((part) => scalar(part, element));
  }
  if (text === markers.emptyField) return '';
  return scalar(text, type ?? 'string');
}

/**
 * Normalizes one Zeek record (TSV row or JSON object) of log `path` (`conn`, `dns`...): dataset `zeek.<path>`,
 * source and destination from `id.orig_h`/`id.orig_p`/`id.resp_h`/`id.resp_p`, a message per log type.
 * Fails only when `ts` is missing or unreadable.
 */
export function normalizeZeekRecord(
  path: string,
  record: Readonly<Record<string, unknown>>,
  zone: string,
): ParseResult<NormalizedEvent> {
  return normalizeZeek(record, zone, path);
}
