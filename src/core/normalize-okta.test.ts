import { describe, expect, it } from 'vitest';
import { normalizeOkta } from './normalize-okta.js';

const signIn = {
  uuid: 'u-1',
  published: '2024-05-02T08:30:00.123Z',
  eventType: 'user.session.start',
  legacyEventType: 'core.user_auth.login_failed',
  displayMessage: 'User login to Okta',
  severity: 'WARN',
  actor: { id: '00u1', type: 'User', alternateId: 'carol@example.com', displayName: 'Carol Danvers' },
  client: {
    ipAddress: '198.51.100.23',
    userAgent: { rawUserAgent: 'curl/8.4.0' },
    geographicalContext: { city: 'Lyon', state: null, country: 'France' },
  },
  outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
  target: [{ id: 'app1', type: 'AppInstance', alternateId: 'Salesforce', displayName: 'Salesforce' }],
  authenticationContext: { credentialType: 'PASSWORD', externalSessionId: 'x1' },
  securityContext: { asOrg: 'Example Hosting', isp: 'Example ISP', isProxy: true },
  debugContext: { debugData: { requestUri: '/api/v1/authn' } },
};

const normalize = (event: Record<string, unknown>) => {
  const result = normalizeOkta(event, 'UTC', 'raw');
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

describe('normalizeOkta', () => {
  it('maps published, eventType, actor, client IP, outcome and targets, and says why a sign-in failed', () => {
    const event = normalize(signIn);
    expect(event).toMatchObject({
      time: { epochMs: Date.UTC(2024, 4, 2, 8, 30, 0, 123), assumed: false },
      action: 'user.session.start',
      category: 'authentication',
      outcome: 'failure',
      userName: 'carol@example.com',
      sourceIp: '198.51.100.23',
      provider: 'okta',
      dataset: 'okta.system',
      url: '/api/v1/authn',
    });
    expect(event.labels).toMatchObject({
      actor_display_name: 'Carol Danvers',
      outcome_reason: 'INVALID_CREDENTIALS',
      user_agent: 'curl/8.4.0',
      geo: 'Lyon, France',
      target: 'Salesforce (AppInstance)',
      credential_type: 'PASSWORD',
      is_proxy: 'true',
    });
    expect(event.message).toBe(
      'User login to Okta by carol@example.com from 198.51.100.23 on Salesforce (AppInstance) (FAILURE: INVALID_CREDENTIALS)',
    );
  });

  it('reads DENY as a failure, ALLOW as a success, and anything else as unknown', () => {
    const outcome = (result: string) => normalize({ ...signIn, outcome: { result } }).outcome;
    expect([outcome('DENY'), outcome('ALLOW'), outcome('SUCCESS'), outcome('CHALLENGE')]).toEqual([
      'failure',
      'success',
      'success',
      'unknown',
    ]);
  });

  it('marks threat detections as alerts', () => {
    expect(normalize({ ...signIn, eventType: 'security.threat.detected' }).kind).toBe('alert');
  });

  it('falls back to the request IP chain when the client has none', () => {
    const event = normalize({ ...signIn, client: {}, request: { ipChain: [{ ip: '203.0.113.4' }] } });
    expect(event.sourceIp).toBe('203.0.113.4');
  });

  it('fails without a published time', () => {
    const { published: _, ...rest } = signIn;
    expect(normalizeOkta(rest, 'UTC', 'raw')).toEqual({
      ok: false,
      reason: 'no "published" time in the Okta event',
    });
  });
});
