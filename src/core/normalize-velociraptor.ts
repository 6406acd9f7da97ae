/**
 * Velociraptor collection results as normalized events: one JSON row of an artifact's results (the
 * `results/<Artifact>.json` files of a collection or an offline collector's zip, hunt and notebook exports).
 * Rows carry the artifact's own columns plus, in hunt and notebook exports, `_Source` (the artifact, or
 * `Artifact/Source`), `ClientId`, `FlowId`, `Fqdn`. The artifact names the dataset (`event.dataset`); the time
 * is the first of TIME_FIELDS the row has. Reference: https://docs.velociraptor.app/docs/vql/artifacts/
 */
import { toolLabels } from './case-tool-labels.js';
import { compactEvent, type NormalizedEvent, toInteger, toPort, toText } from './event.js';
import type { ParseResult } from './time.js';
import { parseAnyTimestamp } from './timestamps.js';

type Row = Readonly<Record<string, unknown>>;

/**
 * The columns read as the event's time, in order of preference: event times first (`EventTime` of
 * Windows.EventLogs.Evtx, `Timestamp` of the monitoring and Netstat artifacts), then process and execution times
 * (`CreateTime` of Pslist, `LastRunTimes` of Prefetch: the latest run), then file times (`Mtime`...), then the
 * `_ts` Velociraptor adds to event-monitoring rows. Dotted names are nested (`System.TimeCreated.SystemTime`).
 */
export const VELOCIRAPTOR_TIME_FIELDS: readonly string[] = [
  'EventTime',
  'Timestamp',
  'TimeCreated',
  'System.TimeCreated.SystemTime',
  'Time',
  'CreateTime',
  'StartTime',
  'LastRunTimes',
  'LastExecutionTime',
  'LastRunTime',
  'LastWriteTime',
  'LastModified',
  'Modified',
  'Mtime',
  'ModificationTime',
  'CreationTime',
  'Created',
  'Ctime',
  'Btime',
  'Atime',
  '_ts',
];

/** An artifact name: `Windows.System.Pslist`, optionally with its source `Generic.Client.Info/BasicInformation`. */
const ARTIFACT = /^[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)+(?:\/[A-Za-z0-9_ ]+)?$/;

/** Is `text` a Velociraptor artifact name (with or without its source)? */
export function isArtifactName(text: unknown): text is string {
  return typeof text === 'string' && text.length <= 200 && ARTIFACT.test(text);
}

/**
 * The artifact a results file is named after: `Windows.System.Pslist.json`, `Windows.EventLogs.Evtx.json.gz`,
 * `Generic.Client.Info%2FBasicInformation.json` (collections encode the `/` of a source), `All
 * Windows.System.Pslist.json` (hunt downloads). Undefined when the name is not an artifact's.
 */
export function artifactFromFileName(fileName: string): string | undefined {
  const base = (fileName.split(/[\\/]/).pop() ?? '')
    .replace(/%2F/gi, '/')
    .replace(/^All /, '')
    .replace(/(\.gz)?$/i, '')
    .replace(/\.(jsonl?|ndjson)$/i, '');
  return isArtifactName(base) ? base : undefined;
}

const obj = (value: unknown): Row | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : undefined;

/** A column, dotted names read through nested objects (`Hash.SHA256`). */
function field(row: Row, name: string): unknown {
  if (name in row) return row[name];
  let value: unknown = row;
  for (const part of name.split('.')) value = obj(value)?.[part];
  return value;
}

const first = (row: Row, names: readonly string[]): string | undefined => {
  for (const name of names) {
    const text = toText(field(row, name));
    if (text !== undefined) return text;
  }
  return undefined;
};

/** Is `row` likely a Velociraptor result row: an artifact in `_Source` or a Velociraptor client id? */
export function isVelociraptorRow(row: Row): boolean {
  return (
    isArtifactName(row._Source) ||
    (typeof row.ClientId === 'string' && /^C\.[0-9a-f]{8,}$/.test(row.ClientId))
  );
}

/** Does the row have one of the time columns? (detection by file name needs one) */
export function hasVelociraptorTime(row: Row): boolean {
  return VELOCIRAPTOR_TIME_FIELDS.some((name) => toText(field(row, name)) !== undefined);
}

/** The row's time: the first time column that reads as a time (of `LastRunTimes`, the latest). */
function timeOf(row: Row, zone: string): ParseResult<NormalizedEvent['time']> & { field?: string } {
  for (const name of VELOCIRAPTOR_TIME_FIELDS) {
    let value = field(row, name);
    if (Array.isArray(value)) {
      const times = value
        .map((v) => parseAnyTimestamp(v, zone))
        .filter((t) => t.ok)
        .map((t) => t.value);
      const latest = times.sort((a, b) => b.epochMs - a.epochMs)[0];
      if (latest !== undefined) return { ok: true, value: latest, field: name };
      continue;
    }
    if (value === undefined || value === null || value === '' || value === 0) continue;
    if (typeof value === 'string' && value.startsWith('0001-01-01')) continue; // Go's zero time: unset
    value = typeof value === 'number' || typeof value === 'string' ? value : undefined;
    const time = parseAnyTimestamp(value, zone);
    if (time.ok) return { ...time, field: name };
  }
  return {
    ok: false,
    reason: `no time in the Velociraptor row (looked for ${VELOCIRAPTOR_TIME_FIELDS.slice(0, 8).join(', ')}...)`,
  };
}

/** The strongest hash of a `Hash` column (an object of MD5/SHA1/SHA256) or a plain hash string. */
function hashOf(row: Row): string | undefined {
  const hash = row.Hash ?? row.Hashes;
  if (typeof hash === 'string') return toText(hash);
  const h = obj(hash);
  return h ? (toText(h.SHA256) ?? toText(h.SHA1) ?? toText(h.MD5)) : undefined;
}

/** A short `key=value` summary of the row's first scalar columns, for rows without a message. */
function summary(row: Row): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('_') || value === null || typeof value === 'object') continue;
    const text = toText(value);
    if (text !== undefined) parts.push(`${key}=${text.slice(0, 80)}`);
    if (parts.length === 6) break;
  }
  return parts.join(' ');
}

/**
 * Normalizes one Velociraptor result row. `artifact` is the one the file is named after, used when the row has
 * no `_Source`. Fails only when the row has no readable time.
 */
export function normalizeVelociraptor(
  row: Row,
  zone: string,
  artifact: string | undefined,
): ParseResult<NormalizedEvent> {
  const time = timeOf(row, zone);
  if (!time.ok) return time;
  const source = isArtifactName(row._Source) ? row._Source : artifact;
  const pid = toInteger(row.Pid);
  const laddr = obj(row.Laddr);
  const raddr = obj(row.Raddr);
  const labels: Record<string, string> = toolLabels({ tool: 'velociraptor' });
  const label = (name: string, value: unknown): void => {
    const text = toText(value);
    if (text !== undefined) labels[name] = text.slice(0, 500);
  };
  label('velociraptor.artifact', source);
  label('velociraptor.client_id', row.ClientId);
  label('velociraptor.flow_id', row.FlowId);
  label('velociraptor.time_field', time.field);
  label('channel', row.Channel ?? field(row, 'System.Channel'));
  label('status', row.Status);

  const executable = first(row, ['Exe', 'Executable', 'Binary', 'Image']);
  const fields = compactEvent({
    kind: 'event',
    code: first(row, ['EID', 'EventID', 'EventId', 'System.EventID.Value', 'System.EventID']),
    provider: 'velociraptor',
    dataset: source,
    hostName: first(row, ['Fqdn', 'Hostname', 'Computer', 'System.Computer', 'ClientId']),
    userName: first(row, ['Username', 'UserName', 'User', 'TargetUserName', 'SubjectUserName']),
    processPid: pid,
    parentPid: toInteger(row.Ppid),
    // `Name` is the process name only in rows about processes (they carry a `Pid`).
    processName: pid === undefined ? undefined : toText(row.Name),
    processCommandLine: first(row, ['CommandLine', 'Cmdline', 'CmdLine']),
    processExecutable: executable,
    sourceIp: toText(laddr?.IP),
    sourcePort: toPort(laddr?.Port),
    destinationIp: toText(raddr?.IP),
    destinationPort: toPort(raddr?.Port),
    filePath: first(row, ['OSPath', 'FullPath', 'Path', 'PrefetchFileName', 'SourceFile']),
    fileHash: hashOf(row),
    url: first(row, ['URL', 'Url', 'url']),
    labels,
  });
  const text = first(row, ['Message', 'message']) ?? summary(row);
  const message = [source ? `[${source}]` : undefined, text || undefined]
    .filter((p): p is string => p !== undefined)
    .join(' ')
    .slice(0, 1000);
  return { ok: true, value: { time: time.value, message: message || 'Velociraptor result row', ...fields } };
}
