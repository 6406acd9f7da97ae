/**
 * Velociraptor collection results: JSON lines per artifact (`results/Windows.System.Pslist.json` in a collection
 * zip, hunt and notebook downloads). Detected by `_Source` naming an artifact or a `C.<hex>` ClientId, or by a
 * file named after an artifact whose rows have a time column. Normalization: src/core/normalize-velociraptor.ts.
 */
import {
  artifactFromFileName,
  hasVelociraptorTime,
  isVelociraptorRow,
  normalizeVelociraptor,
} from '../../core/normalize-velociraptor.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

/** Velociraptor result rows. */
export const velociraptorParser: FormatParser = {
  name: 'velociraptor-jsonl',
  description:
    'Velociraptor collection results (JSON lines per artifact: Pslist, EventLogs.Evtx, Prefetch...)',
  detect(sample: Sample): number {
    const json = jsonSample(sample);
    if (json.objects.length === 0) return 0;
    if (shareOf(json, isVelociraptorRow) >= 0.5) return 0.95;
    // A results file named after its artifact, whose rows carry one of the time columns.
    return artifactFromFileName(sample.fileName) !== undefined && shareOf(json, hasVelociraptorTime) >= 0.5
      ? 0.9
      : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    const artifact = context.fileName === undefined ? undefined : artifactFromFileName(context.fileName);
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((row) => normalizeVelociraptor(row, zone, artifact)),
    );
  },
};
