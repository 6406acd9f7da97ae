import { describe, expect, it } from 'vitest';
import { parseMapping } from './field-mapping.js';
import { normalizeEcs, normalizeGeneric } from './normalize-generic.js';

const options = { mapping: {}, zone: 'UTC', fallbackMessage: 'raw line' };

describe('normalizeEcs', () => {
  it('maps a nested ECS document to the normalized fields', () => {
    const result = normalizeEcs(
      {
        '@timestamp': '2026-03-01T10:00:02.361Z',
        event: { category: ['authentication'], action: 'logged-in', code: '4624', outcome: 'success' },
        host: { name: 'ws-0042', ip: ['10.0.0.7'] },
        user: { name: 'alice', domain: 'CORP' },
        source: { ip: '10.1.2.3', port: 51234 },
        destination: { ip: '10.0.0.5', port: 445 },
        process: {
          name: 'svchost.exe',
          pid: 812,
          command_line: 'svchost.exe -k netsvcs',
          parent: { name: 'services.exe', pid: 600 },
        },
        message: 'An account was successfully logged on',
      },
      'UTC',
      'raw',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        time: {
          epochMs: Date.UTC(2026, 2, 1, 10, 0, 2, 361),
          text: '2026-03-01T10:00:02.361Z',
          assumed: false,
        },
        message: 'An account was successfully logged on',
        category: 'authentication',
        action: 'logged-in',
        outcome: 'success',
        code: '4624',
        hostName: 'ws-0042',
        hostIp: '10.0.0.7',
        userName: 'alice',
        userDomain: 'CORP',
        sourceIp: '10.1.2.3',
        sourcePort: 51234,
        destinationIp: '10.0.0.5',
        destinationPort: 445,
        processName: 'svchost.exe',
        processCommandLine: 'svchost.exe -k netsvcs',
        processPid: 812,
        parentName: 'services.exe',
        parentPid: 600,
      },
    });
  });

  it('reads documents written with dotted keys', () => {
    const result = normalizeEcs(
      { '@timestamp': '2026-03-01T10:00:00Z', 'host.name': 'srv-1', 'event.action': 'x' },
      'UTC',
      'raw',
    );
    expect(result.ok && [result.value.hostName, result.value.action]).toEqual(['srv-1', 'x']);
  });

  it('flags a timestamp without offset as assumed, in the given zone', () => {
    const result = normalizeEcs(
      { '@timestamp': '2026-07-01T12:00:00', message: 'm' },
      'Europe/Amsterdam',
      'raw',
    );
    expect(result.ok && result.value.time).toEqual({
      epochMs: Date.UTC(2026, 6, 1, 10),
      text: '2026-07-01T12:00:00',
      assumed: true,
    });
  });

  it('rejects a document without @timestamp, saying so', () => {
    expect(normalizeEcs({ message: 'x' }, 'UTC', 'raw')).toEqual({
      ok: false,
      reason: 'no "@timestamp" in the ECS document',
    });
  });

  it('composes a message when the document has none', () => {
    const result = normalizeEcs(
      {
        '@timestamp': '2026-03-01T10:00:00Z',
        event: { action: 'logon-failed' },
        user: { name: 'bob' },
        source: { ip: '198.51.100.7' },
      },
      'UTC',
      'raw',
    );
    expect(result.ok && result.value.message).toBe('logon-failed user bob from 198.51.100.7');
  });
});

describe('normalizeGeneric', () => {
  it('finds fields under their usual names', () => {
    const result = normalizeGeneric(
      {
        time: '2026-03-01 10:00:00Z',
        Computer: 'DC01',
        EventID: 4625,
        TargetUserName: 'admin',
        IpAddress: '203.0.113.9',
        IpPort: '5521',
      },
      options,
    );
    expect(result.ok && result.value).toMatchObject({
      hostName: 'DC01',
      code: '4625',
      userName: 'admin',
      sourceIp: '203.0.113.9',
      sourcePort: 5521,
    });
  });

  it('lets a mapping name the fields, overriding the usual names', () => {
    const mapping = parseMapping(['@timestamp=when', 'host.name=box', 'message=what']);
    expect(mapping.ok).toBe(true);
    const result = normalizeGeneric(
      { when: 1_772_359_200, box: 'srv', what: 'hello', host: 'ignored' },
      { ...options, mapping: mapping.ok ? mapping.value : {} },
    );
    expect(result.ok && result.value).toMatchObject({
      time: { epochMs: 1_772_359_200_000, assumed: false },
      hostName: 'srv',
      message: 'hello',
    });
  });

  it('rejects a record without a time, telling how to name the field', () => {
    expect(normalizeGeneric({ host: 'x' }, options)).toEqual({
      ok: false,
      reason: 'no timestamp in any usual time field; name the time field with --map @timestamp=FIELD',
    });
  });

  it('ignores placeholders that mean "no value" and invalid ports', () => {
    const result = normalizeGeneric(
      { ts: '2026-03-01T00:00:00Z', user: '-', src_port: '99999', host: '(null)' },
      options,
    );
    expect(result.ok && result.value).toEqual({ time: expect.anything(), message: 'raw line' });
  });

  it('reads an empty or null severity as no severity, not severity 0', () => {
    const mapping = parseMapping(['event.severity=sev']);
    for (const sev of ['', '  ', null]) {
      const result = normalizeGeneric(
        { ts: '2026-03-01T00:00:00Z', sev },
        { ...options, mapping: mapping.ok ? mapping.value : {} },
      );
      expect(result.ok && result.value.severity).toBeUndefined();
    }
    const graded = normalizeGeneric({ ts: '2026-03-01T00:00:00Z', severity: '0' }, options);
    expect(graded.ok && graded.value.severity).toBe(0);
  });
});

describe('parseMapping', () => {
  it('refuses unknown targets and malformed arguments with guidance', () => {
    expect(parseMapping(['host=Computer'])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/"host" is not a field Debrief maps/),
    });
    expect(parseMapping(['host.name'])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/write FIELD=PATH/),
    });
  });
});
