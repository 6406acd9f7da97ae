/**
 * Microsoft cloud audit records as normalized events, in the shapes evidence arrives in:
 *   - Entra ID audit logs and sign-in logs from Microsoft Graph (camelCase: activityDateTime, createdDateTime...)
 *     and from Log Analytics / Sentinel (AuditLogs, SigninLogs tables: PascalCase columns, nested objects carried
 *     as JSON strings, which are parsed here);
 *   - the Office 365 Management Activity API / unified audit log (CreationTime, Operation, UserId, ClientIP,
 *     Workload, ResultStatus) and its Log Analytics table OfficeActivity;
 *   - Microsoft 365 Defender advanced hunting rows (Timestamp, DeviceName, ActionType, InitiatingProcess*...).
 * References: https://learn.microsoft.com/en-us/graph/api/resources/directoryaudit,
 * https://learn.microsoft.com/en-us/graph/api/resources/signin,
 * https://learn.microsoft.com/en-us/office/office-365-management-api/office-365-management-activity-api-schema,
 * https://learn.microsoft.com/en-us/defender-xdr/advanced-hunting-schema-tables
 */
import {
  baseName,
  compactEvent,
  type NormalizedEvent,
  normalizeOutcome,
  toInteger,
  toPort,
  toText,
} from './event.js';
import type { ParseResult } from './time.js';
import { parseAnyTimestamp, parseIsoTimestamp } from './timestamps.js';

type Doc = Readonly<Record<string, unknown>>;

const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;

/** A value that Log Analytics may have turned into a JSON string (`"{\"user\":…}"`), parsed back. */
function nested(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A field by its Graph (camelCase) or Log Analytics (PascalCase) name, JSON strings parsed. */
function pick(record: Doc, camel: string): unknown {
  const value = record[camel] ?? record[camel.charAt(0).toUpperCase() + camel.slice(1)];
  return nested(value);
}

const text = (record: Doc, camel: string): string | undefined => toText(pick(record, camel));

/** An IP address without the port or brackets O365 adds (`1.2.3.4:5678`, `[2001:db8::1]:443`). */
function ipOf(value: unknown): string | undefined {
  const raw = toText(value);
  if (raw === undefined) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(raw);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(raw);
  return v4 ? v4[1] : raw;
}

/** The shapes of record this module reads. */
export type EntraShape = 'audit' | 'signin' | 'office' | 'defender';

const SIGNIN_TABLES = /^(SigninLogs|AAD\w*SignInLogs)$/;
const DEFENDER_TABLES = /^(Device|Identity|Email|CloudApp|Alert|UrlClick)\w*$/;

/** Which shape a record has, or undefined when it is none of them. */
export function entraShape(r: Doc): EntraShape | undefined {
  const type = typeof r.Type === 'string' ? r.Type : undefined;
  if (type === 'AuditLogs') return 'audit';
  if (type !== undefined && SIGNIN_TABLES.test(type)) return 'signin';
  if (type === 'OfficeActivity') return 'office';
  if (
    r.activityDateTime !== undefined &&
    (r.activityDisplayName !== undefined || r.initiatedBy !== undefined)
  ) {
    return 'audit';
  }
  if ((r.ActivityDateTime ?? r.TimeGenerated) !== undefined && r.OperationName !== undefined) {
    if (r.InitiatedBy !== undefined || r.TargetResources !== undefined) return 'audit';
  }
  if (
    (r.createdDateTime ?? r.CreatedDateTime) !== undefined &&
    (r.userPrincipalName ?? r.UserPrincipalName)
  ) {
    if ((r.appDisplayName ?? r.AppDisplayName ?? r.status ?? r.Status) !== undefined) return 'signin';
  }
  if ((r.CreationTime ?? r.TimeGenerated) !== undefined && r.Operation !== undefined) {
    if ((r.Workload ?? r.OfficeWorkload ?? r.RecordType) !== undefined) return 'office';
  }
  if ((r.Timestamp ?? r.TimeGenerated) !== undefined && r.ActionType !== undefined) {
    if ((r.DeviceName ?? r.DeviceId ?? r.ReportId) !== undefined || (type && DEFENDER_TABLES.test(type))) {
      return 'defender';
    }
  }
  return undefined;
}

interface Parts {
  readonly time: unknown;
  readonly fields: Omit<NormalizedEvent, 'time' | 'message'>;
  readonly message: readonly (string | undefined)[];
  readonly labels: Record<string, string>;
}

function labelSetter(labels: Record<string, string>) {
  return (name: string, value: unknown): void => {
    const t = toText(value);
    if (t !== undefined) labels[name] = t.slice(0, 500);
  };
}

function auditParts(r: Doc): Parts {
  const labels: Record<string, string> = {};
  const label = labelSetter(labels);
  const initiator = obj(pick(r, 'initiatedBy'));
  const user = obj(initiator?.user);
  const app = obj(initiator?.app);
  const targets = Array.isArray(pick(r, 'targetResources')) ? (pick(r, 'targetResources') as unknown[]) : [];
  const names = targets
    .map((t) => toText(obj(t)?.userPrincipalName) ?? toText(obj(t)?.displayName))
    .filter((n) => n !== undefined);
  const activity = text(r, 'activityDisplayName') ?? toText(r.OperationName);
  const result = text(r, 'result');
  const reason = text(r, 'resultReason');
  const userName =
    toText(user?.userPrincipalName) ??
    toText(app?.displayName) ??
    toText(r.InitiatingUserOrApp) ??
    toText(r.Identity);
  label('category', pick(r, 'category'));
  label('logged_by_service', pick(r, 'loggedByService'));
  label('operation_type', pick(r, 'operationType') ?? r.AADOperationType);
  label('target', names.join('; '));
  label('result_reason', reason);
  label('correlation_id', pick(r, 'correlationId'));
  const details = pick(r, 'additionalDetails');
  if (Array.isArray(details)) {
    const agent = details.map(obj).find((d) => toText(d?.key) === 'User-Agent');
    label('user_agent', agent?.value);
  }
  label('user_agent', labels.user_agent ?? r.UserAgent);
  return {
    time: pick(r, 'activityDateTime') ?? r.TimeGenerated,
    fields: {
      kind: 'event',
      category: 'iam',
      action: activity,
      outcome: normalizeOutcome(result),
      provider: toText(pick(r, 'loggedByService')) ?? 'Entra ID',
      dataset: 'azure.auditlogs',
      userName,
      sourceIp: ipOf(user?.ipAddress),
    },
    message: [
      activity ?? 'Directory change',
      userName ? `by ${userName}` : undefined,
      names.length > 0 ? `on ${names.join(', ')}` : undefined,
      normalizeOutcome(result) === 'failure' ? `failed${reason ? `: ${reason}` : ''}` : undefined,
    ],
    labels,
  };
}

function signinParts(r: Doc): Parts {
  const labels: Record<string, string> = {};
  const label = labelSetter(labels);
  const status = obj(pick(r, 'status'));
  const location = obj(pick(r, 'location')) ?? obj(nested(r.LocationDetails));
  const device = obj(pick(r, 'deviceDetail'));
  const code = toText(status?.errorCode) ?? toText(r.ResultType);
  const failure = toText(status?.failureReason) ?? toText(r.ResultDescription);
  const upn = text(r, 'userPrincipalName');
  const app = text(r, 'appDisplayName');
  const ip = ipOf(r.ipAddress ?? r.IPAddress);
  const where = [location?.city, location?.state, location?.countryOrRegion]
    .map(toText)
    .filter(Boolean)
    .join(', ');
  label('app', app);
  label('resource', pick(r, 'resourceDisplayName'));
  label('client_app', pick(r, 'clientAppUsed'));
  label('user_agent', pick(r, 'userAgent'));
  label('location', where || toText(r.Location));
  label('device', toText(device?.displayName) ?? toText(device?.operatingSystem));
  label('conditional_access', pick(r, 'conditionalAccessStatus'));
  label('risk_level', pick(r, 'riskLevelDuringSignIn'));
  label('error_code', code);
  label('failure_reason', failure);
  label('correlation_id', pick(r, 'correlationId'));
  const outcome = code === undefined ? undefined : code === '0' ? 'success' : 'failure';
  return {
    time: pick(r, 'createdDateTime') ?? r.TimeGenerated,
    fields: {
      kind: 'event',
      category: 'authentication',
      action: 'sign-in',
      outcome,
      code,
      provider: 'Entra ID',
      dataset: 'azure.signinlogs',
      userName: upn ?? text(r, 'userDisplayName'),
      sourceIp: ip,
    },
    message: [
      `Sign-in by ${upn ?? 'unknown user'}`,
      app ? `to ${app}` : undefined,
      ip ? `from ${ip}` : undefined,
      where ? `(${where})` : undefined,
      outcome === 'failure'
        ? `failed: ${code}${failure ? ` ${failure}` : ''}`
        : outcome === 'success'
          ? 'succeeded'
          : undefined,
    ],
    labels,
  };
}

function officeParts(r: Doc): Parts {
  const labels: Record<string, string> = {};
  const label = labelSetter(labels);
  const operation = toText(r.Operation);
  const workload = toText(r.Workload) ?? toText(r.OfficeWorkload);
  const user = toText(r.UserId);
  const ip = ipOf(r.ClientIP ?? r.ClientIPAddress ?? r.Client_IPAddress ?? r.ActorIpAddress);
  const object = toText(r.ObjectId) ?? toText(r.OfficeObjectId);
  const status = toText(r.ResultStatus);
  const properties = Array.isArray(r.ExtendedProperties) ? r.ExtendedProperties.map(obj) : [];
  const property = (name: string) => properties.find((p) => p?.Name === name)?.Value;
  label('workload', workload);
  label('record_type', r.RecordType);
  label('result_status', status);
  label('object_id', object);
  label('user_agent', r.UserAgent ?? property('UserAgent'));
  label('logon_error', r.LogonError);
  label('mailbox_owner', r.MailboxOwnerUPN);
  label('organization', r.OrganizationName);
  const outcome = /^(succeeded|success|true)$/i.test(status ?? '')
    ? 'success'
    : /^(failed|failure|false)$/i.test(status ?? '')
      ? 'failure'
      : undefined;
  return {
    time: r.CreationTime ?? r.TimeGenerated,
    fields: {
      kind: 'event',
      action: operation,
      outcome,
      provider: workload,
      dataset: 'o365.audit',
      userName: user,
      sourceIp: ip,
      url: object && /^https?:\/\//.test(object) ? object : undefined,
      filePath: toText(r.SourceFileName),
    },
    message: [
      operation ?? 'Office 365 activity',
      user ? `by ${user}` : undefined,
      ip ? `from ${ip}` : undefined,
      workload ? `in ${workload}` : undefined,
      object && object !== operation ? `on ${object}` : undefined,
      outcome === 'failure' ? `(${status})` : undefined,
    ],
    labels,
  };
}

function defenderParts(r: Doc): Parts {
  const labels: Record<string, string> = {};
  const label = labelSetter(labels);
  const s = (name: string) => toText(r[name]);
  const action = s('ActionType');
  const host = s('DeviceName');
  // Process events describe the new process (FileName, ProcessCommandLine) and its parent (InitiatingProcess*);
  // other events describe a file or connection, acted on by the InitiatingProcess.
  const isProcess = s('ProcessCommandLine') !== undefined || toInteger(r.ProcessId) !== undefined;
  const folder = s('FolderPath');
  const file = s('FileName');
  const path =
    folder && file && !folder.toLowerCase().endsWith(file.toLowerCase())
      ? `${folder}\\${file}`
      : (folder ?? file);
  const inbound = /inbound/i.test(action ?? '');
  const remote = s('RemoteIP') ?? s('DestinationIPAddress');
  const remotePort = toPort(r.RemotePort ?? r.DestinationPort);
  const local = s('LocalIP') ?? s('IPAddress');
  const localPort = toPort(r.LocalPort ?? r.Port);
  const raw = obj(nested(r.RawEventData));
  const userName =
    s('AccountUpn') ??
    s('AccountName') ??
    s('InitiatingProcessAccountUpn') ??
    s('InitiatingProcessAccountName') ??
    s('UserId') ??
    toText(raw?.UserId) ??
    s('AccountDisplayName');
  const domain =
    s('AccountUpn') || s('AccountName') ? s('AccountDomain') : s('InitiatingProcessAccountDomain');
  label('application', r.Application);
  label('protocol', r.Protocol);
  label('remote_url', r.RemoteUrl);
  label('destination_device', r.DestinationDeviceName);
  label('logon_type', r.LogonType);
  label('registry_key', r.RegistryKey);
  label('activity_type', r.ActivityType);
  label('report_id', r.ReportId);
  label('table', r.Type);
  const outcome = /fail|block|denied/i.test(action ?? '')
    ? 'failure'
    : /success/i.test(action ?? '')
      ? 'success'
      : undefined;
  const command = isProcess ? s('ProcessCommandLine') : s('InitiatingProcessCommandLine');
  return {
    time: r.Timestamp ?? r.TimeGenerated,
    fields: {
      kind: 'event',
      action,
      outcome,
      provider: 'Microsoft 365 Defender',
      dataset: `m365_defender.${toText(r.Type) ?? 'advanced_hunting'}`,
      hostName: host,
      hostIp: inbound ? undefined : s('LocalIP'),
      userName,
      userDomain: domain,
      sourceIp: inbound ? remote : local,
      sourcePort: inbound ? remotePort : localPort,
      destinationIp: inbound ? local : remote,
      destinationPort: inbound ? localPort : remotePort,
      processName: isProcess ? file : s('InitiatingProcessFileName'),
      processCommandLine: command,
      processPid: toInteger(isProcess ? r.ProcessId : r.InitiatingProcessId),
      processExecutable: isProcess ? path : s('InitiatingProcessFolderPath'),
      parentName: isProcess ? s('InitiatingProcessFileName') : s('InitiatingProcessParentFileName'),
      parentPid: toInteger(isProcess ? r.InitiatingProcessId : r.InitiatingProcessParentId),
      parentCommandLine: isProcess ? s('InitiatingProcessCommandLine') : undefined,
      filePath: isProcess ? undefined : path,
      fileHash: s('SHA256'),
      url: s('RemoteUrl') ?? s('FileOriginUrl'),
    },
    message: [
      action ?? 'Defender event',
      host ? `on ${host}` : undefined,
      userName ? `by ${userName}` : undefined,
      s('Application') ? `in ${s('Application')}` : undefined,
      remote ? `${inbound ? 'from' : 'to'} ${remote}${remotePort ? `:${remotePort}` : ''}` : undefined,
      command ?? (path ? baseName(path) : undefined),
    ],
    labels,
  };
}

/**
 * Normalizes an Entra ID, Office 365 or Microsoft 365 Defender record. Fails when the record is none of these
 * shapes or has no readable time. Office 365 `CreationTime` has no offset but is UTC by definition of the API,
 * so it is read as UTC and not flagged assumed.
 */
export function normalizeEntra(
  record: Doc,
  zone: string,
  fallbackMessage: string,
): ParseResult<NormalizedEvent> {
  const shape = entraShape(record);
  if (shape === undefined) {
    return {
      ok: false,
      reason: 'not an Entra ID, Office 365 or Defender record (no known time and activity fields)',
    };
  }
  const parts =
    shape === 'audit'
      ? auditParts(record)
      : shape === 'signin'
        ? signinParts(record)
        : shape === 'office'
          ? officeParts(record)
          : defenderParts(record);
  let time: ParseResult<NormalizedEvent['time']>;
  if (shape === 'office' && record.CreationTime !== undefined && typeof record.CreationTime === 'string') {
    const utc = parseIsoTimestamp(record.CreationTime, 'UTC');
    time = utc.ok ? { ok: true, value: { ...utc.value, assumed: false } } : utc;
  } else {
    time = parseAnyTimestamp(parts.time, zone);
  }
  if (!time.ok) return time;
  const labels = Object.keys(parts.labels).length > 0 ? parts.labels : undefined;
  const fields = compactEvent({ ...parts.fields, labels });
  const words = parts.message.filter((p): p is string => p !== undefined && p !== '');
  const message = words.length > 0 ? words.join(' ') : fallbackMessage.slice(0, 500);
  return { ok: true, value: { time: time.value, message, ...fields } };
}
