/**
 * Zeek logs written as JSON lines (`LogAscii::use_json`, JSON streaming, Corelight, RockNSM/Security Onion):
 * conn, dns, http, ssl, files, kerberos, smb_*, dce_rpc, notice, weird, x509, pe and the rest, each event in the
 * dataset `zeek.<log>`. Normalization: src/core/normalize-zeek.ts.
 */
import { normalizeZeek, ZEEK_LOGS, zeekField } from '../../core/normalize-zeek.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

type Record_ = Readonly<Record<string, unknown>>;

const hasTs = (r: Record_): boolean => typeof r.ts === 'number' || typeof r.ts === 'string';
const hasConnection = (r: Record_): boolean =>
  zeekField(r, 'uid') !== undefined && zeekField(r, 'id.orig_h') !== undefined;
const namesZeekLog = (r: Record_): boolean => {
  const log = r._path ?? r['@stream'];
  return typeof log === 'string' && ZEEK_LOGS.has(log);
};

/** The log type from a Zeek file name: `conn.log`, `conn.00:00:00-01:00:00.log.gz`, `SCRANTON_dns.log`. */
export function zeekLogFromFileName(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop()?.split('.')[0] ?? '';
  const log = base.includes('_') && !ZEEK_LOGS.has(base) ? base.slice(base.indexOf('_') + 1) : base;
  return ZEEK_LOGS.has(log) ? log : undefined;
}

/** Zeek JSON logs. */
export const zeekJsonParser: FormatParser = {
  name: 'zeek-json',
  description: 'Zeek logs as JSON lines (conn, dns, http, ssl, files, kerberos, smb, notice...)',
  detect(sample: Sample): number {
    const json = jsonSample(sample);
    if (shareOf(json, hasTs) < 0.9) return 0;
    if (shareOf(json, (r) => hasConnection(r) || namesZeekLog(r)) >= 0.5) return 0.9;
    // x509, files and pe logs carry no connection; a Zeek file name plus ts is still telling.
    return zeekLogFromFileName(sample.fileName) !== undefined ? 0.85 : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    const log = context.fileName === undefined ? undefined : zeekLogFromFileName(context.fileName);
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((record) => normalizeZeek(record, zone, log)),
    );
  },
};
