/**
 * Microsoft Entra ID and Microsoft 365 audit evidence as JSON: Graph audit and sign-in logs (`{"value":[…]}`
 * pages or their records), the Office 365 unified audit log, their Log Analytics / Sentinel exports (AuditLogs,
 * SigninLogs, OfficeActivity rows, nested JSON carried as strings), and Microsoft 365 Defender advanced hunting
 * rows. Normalization: src/core/normalize-entra.ts.
 */
import { entraShape, normalizeEntra } from '../../core/normalize-entra.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

/** Entra ID, Office 365 and Microsoft 365 Defender records. */
export const entraParser: FormatParser = {
  name: 'entra',
  description:
    'Microsoft Entra ID audit and sign-in logs, Office 365 unified audit log, their Log Analytics exports, ' +
    'and Microsoft 365 Defender advanced hunting rows (JSON)',
  detect(sample: Sample): number {
    const json = jsonSample(sample);
    if (shareOf(json, (r) => entraShape(r) !== undefined) < 0.5) return 0;
    // Defender rows are named less distinctly (Timestamp, ActionType) than the audit shapes.
    return shareOf(json, (r) => entraShape(r) === 'defender') >= 0.5 ? 0.9 : 0.95;
  },
  parse(content, context) {
    const zone = context.zone;
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((record, text) => normalizeEntra(record, zone, text)),
    );
  },
};
