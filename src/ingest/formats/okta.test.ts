import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, sampleOf, split } from '../../../test/ingest.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { oktaParser } from './okta.js';

/** The offset property: each record's byte range, parsed on its own, gives the same event. */
async function expectExactRanges(parser: FormatParser, bytes: Uint8Array, records: readonly ParsedRecord[]) {
  for (const r of records) {
    if (!r.ok) continue;
    const again = await parseText(parser, bytes.subarray(r.where.offset, r.where.offset + r.where.length));
    expect(again.map((x) => (x.ok ? x.event : x.reason))).toEqual([r.event]);
  }
}

const event = (eventType: string, result: string, published: string) => ({
  published,
  eventType,
  displayMessage: eventType === 'user.session.start' ? 'User login to Okta' : 'Add user to group membership',
  actor: { id: '00u1', type: 'User', alternateId: 'eve@example.com', displayName: 'Eve' },
  client: { ipAddress: '203.0.113.77', userAgent: { rawUserAgent: 'Mozilla/5.0' } },
  outcome: { result, reason: result === 'FAILURE' ? 'VERIFICATION_ERROR' : null },
  target: [{ type: 'UserGroup', alternateId: 'Admins', displayName: 'Admins' }],
});

// Expected per sample file (from ../shared/samples/ocsf-examples-okta/SOURCES.md): eventType, time, outcome.
const SAMPLES: readonly [string, string, string, string][] = [
  ['okta_account_change.json', 'user.account.lock', '2023-09-30T10:42:16.000Z', 'failure'],
  ['okta_authentication.json', 'user.session.start', '2024-08-13T15:58:20.353Z', 'success'],
  ['okta_detection_finding.json', 'security.threat.detected', '2024-08-13T15:58:20.353Z', 'failure'],
  ['okta_entity_management.json', 'policy.lifecycle.create', '2024-08-13T15:58:20.353Z', 'success'],
  ['okta_generic_api_activity.json', 'system.api_token.create', '2024-08-13T15:58:20.353Z', 'success'],
  ['okta_group_management.json', 'group.user_membership.add', '2024-08-13T15:58:20.353Z', 'success'],
];

describe('oktaParser', () => {
  it('reads System Log events as JSON lines and as an API page (an array), with exact byte ranges', async () => {
    const a = event('user.session.start', 'FAILURE', '2024-05-02T08:30:00.000Z');
    const b = event('group.user_membership.add', 'SUCCESS', '2024-05-02T08:31:00.000Z');
    for (const text of [`${JSON.stringify(a)}\n${JSON.stringify(b)}\n`, JSON.stringify([a, b], null, 2)]) {
      const bytes = new TextEncoder().encode(text);
      const records = await parseText(oktaParser, bytes, {}, 100);
      const { events, rejected } = split(records);
      expect(rejected).toEqual([]);
      expect(events.map((e) => [e.action, e.outcome, e.userName, e.category])).toEqual([
        ['user.session.start', 'failure', 'eve@example.com', 'authentication'],
        ['group.user_membership.add', 'success', 'eve@example.com', 'iam'],
      ]);
      expect(events[0]?.message).toBe(
        'User login to Okta by eve@example.com from 203.0.113.77 on Admins (UserGroup) (FAILURE: VERIFICATION_ERROR)',
      );
      await expectExactRanges(oktaParser, bytes, records);
    }
  });

  it('scores Okta events 0.95 and JSON without eventType, published and actor 0', () => {
    expect(oktaParser.detect(sampleOf(JSON.stringify(event('x', 'SUCCESS', '2024-01-01T00:00:00Z'))))).toBe(
      0.95,
    );
    expect(oktaParser.detect(sampleOf('{"eventType":"x","published":"2024-01-01T00:00:00Z"}'))).toBe(0);
  });

  for (const [file, eventType, published, outcome] of SAMPLES) {
    itWithSample(`reads the native Okta event in ${file}`, `ocsf-examples-okta/${file}`, async (path) => {
      const records = await parseFile(oktaParser, path);
      const { events, rejected } = split(records);
      expect([events.length, rejected.length]).toEqual([1, 0]);
      expect(events[0]).toMatchObject({
        action: eventType,
        time: { text: published, assumed: false },
        outcome,
      });
      expect(events[0]?.userName).toBeDefined();
      expect(events[0]?.sourceIp).toMatch(/^(1\.1\.1\.1|10\.0\.0\.1)$/);
      const bytes = readFileSync(path);
      expect(oktaParser.detect(sampleOf(bytes, file))).toBe(0.95);
      expect(records[0]?.where).toEqual({
        offset: 0,
        length: Buffer.byteLength(bytes.toString('utf8').trimEnd()),
      });
      await expectExactRanges(oktaParser, bytes, records);
    });
  }

  itWithSample(
    'reads the authentication sample fields in detail',
    'ocsf-examples-okta/okta_authentication.json',
    async (path) => {
      const [e] = split(await parseFile(oktaParser, path)).events;
      expect(e).toMatchObject({
        userName: 'john.doe@example.com',
        sourceIp: '10.0.0.1',
        code: 'core.user_auth.login_success',
        url: '/idp/idx/authenticators/poll',
        labels: {
          actor_display_name: 'John Doe',
          geo: 'New York, New York, United States',
          target: 'Okta Verify (AuthenticatorEnrollment); Okta Admin Console (AppInstance)',
          is_proxy: 'false',
        },
      });
    },
  );
});
