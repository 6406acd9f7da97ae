/**
 * Okta System Log events (the LogEvent objects of the System Log API, event hooks and exports) as normalized
 * events: published, eventType, displayMessage, actor, client, outcome, target[], authenticationContext,
 * securityContext, debugContext. Reference: https://developer.okta.com/docs/reference/api/system-log/
 */
import { compactEvent, type EventOutcome, type NormalizedEvent, toText } from './event.js';
import type { ParseResult } from './time.js';
import { parseIsoTimestamp } from './timestamps.js';

type Doc = Readonly<Record<string, unknown>>;

const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;

/** Okta outcome results: SUCCESS, ALLOW, FAILURE, DENY, SKIPPED, UNKNOWN, CHALLENGE. */
function outcomeOf(result: string | undefined): EventOutcome | undefined {
  if (result === undefined) return undefined;
  switch (result.toUpperCase()) {
    case 'SUCCESS':
    case 'ALLOW':
      return 'success';
    case 'FAILURE':
    case 'DENY':
      return 'failure';
    default:
      return 'unknown';
  }
}

/** ECS-style category from the event type's namespace (`user.session.start` → authentication). */
function categoryOf(eventType: string): string | undefined {
  if (/^user\.(session|authentication|mfa)\b|^policy\.evaluate_sign_on/.test(eventType))
    return 'authentication';
  if (/^(user\.(account|lifecycle)|group\.|application\.user_membership)/.test(eventType)) return 'iam';
  if (/^(policy|system|application)\./.test(eventType)) return 'configuration';
  if (/^security\./.test(eventType)) return 'intrusion_detection';
  return undefined;
}

/** A target as `Display Name (Type)`, or its alternate id. */
function describeTarget(target: unknown): string | undefined {
  const t = obj(target);
  if (!t) return undefined;
  const name = toText(t.displayName) ?? toText(t.alternateId) ?? toText(t.id);
  const type = toText(t.type);
  return name && type ? `${name} (${type})` : name;
}

/** Normalizes one Okta System Log event. Fails only when `published` is missing or unreadable. */
export function normalizeOkta(
  event: Doc,
  zone: string,
  fallbackMessage: string,
): ParseResult<NormalizedEvent> {
  const published = event.published;
  if (typeof published !== 'string') return { ok: false, reason: 'no "published" time in the Okta event' };
  const time = parseIsoTimestamp(published, zone);
  if (!time.ok) return time;

  const eventType = toText(event.eventType) ?? '';
  const actor = obj(event.actor);
  const client = obj(event.client);
  const outcome = obj(event.outcome);
  const result = toText(outcome?.result);
  const reason = toText(outcome?.reason);
  const request = obj(event.request);
  const chain = Array.isArray(request?.ipChain) ? obj(request.ipChain[0]) : undefined;
  const geo = obj(client?.geographicalContext);
  const auth = obj(event.authenticationContext);
  const security = obj(event.securityContext);
  const debug = obj(obj(event.debugContext)?.debugData);
  const targets = Array.isArray(event.target)
    ? event.target.map(describeTarget).filter((t) => t !== undefined)
    : [];

  const labels: Record<string, string> = {};
  const label = (name: string, value: unknown): void => {
    const text = toText(value);
    if (text !== undefined) labels[name] = text.slice(0, 500);
  };
  label('actor_display_name', actor?.displayName);
  label('actor_type', actor?.type);
  label('outcome_result', result);
  label('outcome_reason', reason);
  label('severity', event.severity);
  label('user_agent', obj(client?.userAgent)?.rawUserAgent);
  label('client_device', client?.device);
  label('client_zone', client?.zone);
  label('geo', [geo?.city, geo?.state, geo?.country].map(toText).filter(Boolean).join(', '));
  label('target', targets.join('; '));
  label('auth_provider', auth?.authenticationProvider);
  label('credential_type', auth?.credentialType);
  label('external_session_id', auth?.externalSessionId);
  label('as_org', security?.asOrg);
  label('isp', security?.isp);
  if (typeof security?.isProxy === 'boolean') label('is_proxy', security.isProxy);
  label('transaction_id', obj(event.transaction)?.id);
  label('uuid', event.uuid);

  const userName = toText(actor?.alternateId) ?? toText(actor?.displayName);
  const sourceIp = toText(client?.ipAddress) ?? toText(chain?.ip);
  const fields = compactEvent({
    kind: eventType.startsWith('security.threat') ? 'alert' : 'event',
    category: categoryOf(eventType),
    action: eventType || undefined,
    outcome: outcomeOf(result),
    code: toText(event.legacyEventType),
    provider: 'okta',
    dataset: 'okta.system',
    userName,
    sourceIp,
    url: toText(debug?.requestUri) ?? toText(debug?.url),
    labels: Object.keys(labels).length > 0 ? labels : undefined,
  });

  const what = toText(event.displayMessage) ?? (eventType || undefined);
  const parts = [
    what,
    userName ? `by ${userName}` : undefined,
    sourceIp ? `from ${sourceIp}` : undefined,
    targets.length > 0 ? `on ${targets.join(', ')}` : undefined,
    fields.outcome === 'failure' || fields.outcome === 'unknown'
      ? `(${[result, reason].filter(Boolean).join(': ')})`
      : undefined,
  ].filter((p): p is string => p !== undefined);
  const message = what ? parts.join(' ') : fallbackMessage.slice(0, 500);
  return { ok: true, value: { time: time.value, message, ...fields } };
}
