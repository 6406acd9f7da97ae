/**
 * AWS CloudTrail records as normalized events: the fields of the CloudTrail record contents (eventTime,
 * eventName, eventSource, awsRegion, sourceIPAddress, userIdentity, userAgent, errorCode/errorMessage,
 * requestParameters, readOnly, recipientAccountId), including records that went through Logstash (no eventTime,
 * an `@timestamp` instead) and S3 event notifications, which share the `{"Records":[…]}` shape.
 * Reference: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import { compactEvent, type EventOutcome, type NormalizedEvent, toText } from './event.js';
import type { ParseResult } from './time.js';
import { parseAnyTimestamp } from './timestamps.js';

type Doc = Readonly<Record<string, unknown>>;

const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;

/** A JSON object, or a JSON object carried as a string (some exporters stringify nested objects). */
function nested(value: unknown): Doc | undefined {
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      return obj(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return obj(value);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^(?=.*:.*:)[0-9a-f:.]+(%[\w.]+)?$/i;

/** Is `text` an IPv4 or IPv6 address (not a service name such as `AWS Internal` or `s3.amazonaws.com`)? */
export function isIpAddress(text: string): boolean {
  return IPV4.test(text) || IPV6.test(text);
}

/** Event names that record a sign-in or the issue of credentials. */
const AUTHENTICATION = new Set([
  'ConsoleLogin',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'CheckMfa',
  'Federate',
  'Authenticate',
]);

/** Who acted, as a user name: the IAM user, `root`, `Role/session` for an assumed role, or the service. */
function actorOf(identity: Doc | undefined): string | undefined {
  if (!identity) return undefined;
  const type = toText(identity.type);
  const arn = toText(identity.arn);
  const issuer = obj(obj(identity.sessionContext)?.sessionIssuer);
  if (type === 'Root') return 'root';
  if (type === 'AssumedRole' || type === 'FederatedUser') {
    const tail = arn?.split(':').pop()?.split('/').slice(1).join('/');
    return tail || toText(issuer?.userName) || toText(identity.principalId);
  }
  if (type === 'AWSService') return toText(identity.invokedBy);
  return (
    toText(identity.userName) ??
    toText(issuer?.userName) ??
    arn?.split('/').pop() ??
    toText(identity.principalId) ??
    toText(identity.accountId)
  );
}

function outcomeOf(record: Doc): EventOutcome | undefined {
  if (toText(record.errorCode)) return 'failure';
  const login = toText(nested(record.responseElements)?.ConsoleLogin);
  if (login) return login === 'Success' ? 'success' : 'failure';
  return record.eventVersion !== undefined && record.eventSource !== 'aws:s3' ? 'success' : undefined;
}

function readOnlyOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/**
 * Normalizes one CloudTrail record (or S3 event notification record). Fails only when the record has no
 * readable time.
 */
export function normalizeCloudTrail(
  record: Doc,
  zone: string,
  fallbackMessage: string,
): ParseResult<NormalizedEvent> {
  const rawTime = record.eventTime ?? record['@timestamp'];
  if (rawTime === undefined) return { ok: false, reason: 'no "eventTime" (or "@timestamp") in the record' };
  const time = parseAnyTimestamp(rawTime, zone);
  if (!time.ok) return time;

  const identity = obj(record.userIdentity);
  const source = toText(record.sourceIPAddress) ?? toText(nested(record.requestParameters)?.sourceIPAddress);
  const sourceIp = source !== undefined && isIpAddress(source) ? source : undefined;
  const action = toText(record.eventName);
  const provider = toText(record.eventSource);
  const errorCode = toText(record.errorCode);
  const readOnly = readOnlyOf(record.readOnly);

  // S3 objects: requestParameters.bucketName/key in CloudTrail, s3.bucket.name/s3.object.key in notifications.
  const request = nested(record.requestParameters);
  const s3 = obj(record.s3);
  const bucket = toText(request?.bucketName) ?? toText(obj(s3?.bucket)?.name);
  const key = toText(request?.key) ?? toText(obj(s3?.object)?.key);
  const url = bucket ? `s3://${bucket}${key ? `/${key}` : ''}` : undefined;

  const userName = actorOf(identity);
  const attributes = obj(obj(identity?.sessionContext)?.attributes);
  const labels: Record<string, string> = {};
  const label = (name: string, value: unknown): void => {
    const text = toText(value);
    if (text !== undefined) labels[name] = text.slice(0, 500);
  };
  label('region', record.awsRegion);
  label('account_id', record.recipientAccountId ?? identity?.accountId);
  label('user_type', identity?.type);
  label('user_arn', identity?.arn);
  label('access_key_id', identity?.accessKeyId);
  label('mfa_authenticated', attributes?.mfaAuthenticated);
  label('user_agent', record.userAgent);
  label('error_code', errorCode);
  label('error_message', record.errorMessage);
  label('read_only', readOnly);
  label('event_type', record.eventType);
  label('event_id', record.eventID);
  if (source !== undefined && sourceIp === undefined) label('source', source);

  const category =
    (action && AUTHENTICATION.has(action)) || provider === 'signin.amazonaws.com'
      ? 'authentication'
      : provider === 'iam.amazonaws.com'
        ? 'iam'
        : undefined;
  const fields = compactEvent({
    kind: 'event',
    category,
    type: readOnly === undefined ? undefined : readOnly ? 'access' : 'change',
    action,
    outcome: outcomeOf(record),
    provider,
    dataset: provider === 'aws:s3' ? 'aws.s3' : 'aws.cloudtrail',
    userName,
    sourceIp,
    url,
    filePath: key,
    labels: Object.keys(labels).length > 0 ? labels : undefined,
  });

  const parts = [
    action ?? 'AWS API call',
    userName ? `by ${userName}` : undefined,
    source ? `from ${source}` : undefined,
    provider ? `on ${provider}` : undefined,
    url ? `(${url})` : undefined,
    errorCode ? `failed: ${errorCode}` : undefined,
  ].filter((p): p is string => p !== undefined);
  const message = parts.length > 1 ? parts.join(' ') : fallbackMessage.slice(0, 500);
  return { ok: true, value: { time: time.value, message, ...fields } };
}
