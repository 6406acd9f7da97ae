import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from './event.js';
import type { WindowsEvent } from './normalize-windows.js';
import { conditionPredicate, parseCondition } from './sigma-condition.js';
import { sigmaView } from './sigma-logsource.js';
import { type CompiledRule, compileRule, sigmaMatcher } from './sigma-rule.js';
import type { SigmaPredicate } from './sigma-values.js';

const EVENT: NormalizedEvent = { time: { epochMs: 0, text: '0', assumed: false }, message: 'm' };

function windows(eventId: string, data: Record<string, string>, extra: Partial<WindowsEvent> = {}) {
  return {
    kind: 'windows' as const,
    event: {
      provider: 'Microsoft-Windows-Sysmon',
      channel: 'Microsoft-Windows-Sysmon/Operational',
      eventId,
      computer: 'ws-17',
      data,
      ...extra,
    },
  };
}

function rule(detection: Record<string, unknown>, logsource: Record<string, string> = {}, extra = {}) {
  return compileRule(
    { id: 'r-1', title: 'Test rule', level: 'high', logsource, detection, ...extra },
    'test.yml',
  );
}

function ok(compiled: CompiledRule): CompiledRule & { ok: true } {
  if (!compiled.ok) throw new Error(compiled.problem);
  return compiled;
}

describe('Sigma conditions', () => {
  const ids = ['selection', 'filter_a', 'filter_b', '_private', 'other'];
  const truth = (values: Record<string, boolean>): Map<string, SigmaPredicate> =>
    new Map(ids.map((i) => [i, () => values[i] ?? false]));
  const evaluate = (condition: string, values: Record<string, boolean>) =>
    conditionPredicate(
      parseCondition(condition, ids),
      truth(values),
    )({
      field: () => undefined,
      all: () => ({ raw: [], lower: [] }),
    });

  it('not binds tighter than and, and tighter than or', () => {
    expect(evaluate('selection and not filter_a', { selection: true })).toBe(true);
    expect(evaluate('selection and not filter_a', { selection: true, filter_a: true })).toBe(false);
    expect(evaluate('other or selection and filter_a', { other: true })).toBe(true);
    expect(evaluate('(other or selection) and filter_a', { other: true })).toBe(false);
    expect(evaluate('not not selection', { selection: true })).toBe(true);
  });

  it('1 of, all of, with wildcards and them (which leaves out _ identifiers)', () => {
    expect(evaluate('selection and not 1 of filter_*', { selection: true, filter_b: true })).toBe(false);
    expect(evaluate('selection and not 1 of filter_*', { selection: true })).toBe(true);
    expect(evaluate('all of filter_*', { filter_a: true })).toBe(false);
    expect(evaluate('all of filter_*', { filter_a: true, filter_b: true })).toBe(true);
    expect(evaluate('all of them', { selection: true, filter_a: true, filter_b: true, other: true })).toBe(
      true,
    );
    expect(evaluate('1 of them', { _private: true })).toBe(false);
    expect(evaluate('any of them', { other: true })).toBe(true);
  });

  it('rejects what is not Sigma, or not supported, with the reason', () => {
    expect(() => parseCondition('selection and', ids)).toThrow(/ends too early/);
    expect(() => parseCondition('selection | count() > 5', ids)).toThrow(/aggregations/);
    expect(() => parseCondition('selection near other', ids)).toThrow(/near/);
    expect(() => parseCondition('missing', ids)).toThrow(/"missing" is not a detection identifier/);
    expect(() => parseCondition('1 of nothing_*', ids)).toThrow(/matches no detection identifier/);
    expect(() => parseCondition('2 of them', ids)).toThrow(/only "1 of" and "all of"/);
    expect(() => parseCondition('(selection', ids)).toThrow(/expected "\)"/);
  });
});

describe('Sigma rules', () => {
  it('reads the metadata: ATT&CK techniques from tags, level, and the log source', () => {
    const r = ok(
      rule(
        { sel: { Image: 'x' }, condition: 'sel' },
        { product: 'windows', category: 'process_creation' },
        {
          tags: ['attack.execution', 'attack.t1059.001', 'attack.T1027', 'cve.2021-44228'],
        },
      ),
    );
    expect(r.techniques).toEqual(['T1059.001', 'T1027']);
    expect(r.level).toBe('high');
    expect(r.keys).toEqual(['windows', 'windows/category:process_creation']);
  });

  it('keeps a rule it cannot run, with the reason', () => {
    const unknownSource = rule(
      { sel: { a: 1 }, condition: 'sel' },
      { product: 'macos', category: 'file_event' },
    );
    expect(unknownSource).toMatchObject({
      ok: false,
      problem: 'log source macos/file_event: no event format Debrief reads is mapped to it',
    });
    expect(rule({ sel: { 'a|expand': '%x%' }, condition: 'sel' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/expand modifier/),
    });
    expect(rule({ sel: { a: 1 }, condition: 'sel | count() by Computer > 3' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/aggregations/),
    });
    expect(rule({ sel: { a: 1 } })).toMatchObject({ ok: false, problem: 'the detection has no condition' });
    expect(compileRule({ id: 'c', title: 'c', correlation: { type: 'event_count' } }, 'c.yml')).toMatchObject(
      {
        ok: false,
        problem: expect.stringMatching(/correlation rules/),
      },
    );
    expect(() => compileRule({ title: 'no id' }, 'x.yml')).toThrow(/has no id/);
  });

  it('a list of maps is any map; keywords search every value; a condition list is any condition', () => {
    const r = ok(
      rule({
        sel: [{ Image: '*\\a.exe' }, { Image: '*\\b.exe', CommandLine: '*-x*' }],
        kw: ['mimikatz', 'sekurlsa::'],
        condition: ['sel', 'kw'],
      }),
    );
    const m = sigmaMatcher([r]);
    expect(m(EVENT, windows('1', { Image: 'C:\\b.exe', CommandLine: 'b -x' }))).toHaveLength(1);
    expect(m(EVENT, windows('1', { Image: 'C:\\b.exe', CommandLine: 'b' }))).toHaveLength(0);
    expect(
      m(EVENT, windows('1', { Image: 'C:\\c.exe', CommandLine: 'run SEKURLSA::logonpasswords' })),
    ).toHaveLength(1);
  });
});

describe('Sigma log sources and fields', () => {
  const processCreation = ok(
    rule(
      { sel: { Image: '*\\cmd.exe', ParentImage: '*\\winword.exe' }, condition: 'sel' },
      { product: 'windows', category: 'process_creation' },
    ),
  );

  it('process_creation is Sysmon 1, and Security 4688 with its own field names', () => {
    const m = sigmaMatcher([processCreation]);
    const data = { Image: 'C:\\Windows\\cmd.exe', ParentImage: 'C:\\Office\\WINWORD.EXE' };
    expect(m(EVENT, windows('1', data))).toHaveLength(1);
    // The same fields in Sysmon 3 (a network connection): another category.
    expect(m(EVENT, windows('3', data))).toHaveLength(0);
    const security = windows(
      '4688',
      { NewProcessName: 'C:\\Windows\\cmd.exe', ParentProcessName: 'C:\\Office\\winword.exe' },
      { provider: 'Microsoft-Windows-Security-Auditing', channel: 'Security' },
    );
    expect(m(EVENT, security)).toHaveLength(1);
  });

  it('service selects by channel; system fields and space-separated data names answer', () => {
    const defender = ok(
      rule(
        {
          sel: { EventID: 1116, ThreatName: '*EICAR*', Provider_Name: 'Microsoft-Windows-Windows Defender' },
          condition: 'sel',
        },
        { product: 'windows', service: 'windefend' },
      ),
    );
    const event = windows(
      '1116',
      { 'Threat Name': 'Virus:DOS/EICAR_Test_File' },
      {
        provider: 'Microsoft-Windows-Windows Defender',
        channel: 'Microsoft-Windows-Windows Defender/Operational',
      },
    );
    expect(sigmaMatcher([defender])(EVENT, event)).toHaveLength(1);
    expect(
      sigmaMatcher([defender])(EVENT, { ...event, event: { ...event.event, channel: 'System' } }),
    ).toHaveLength(0);
  });

  it('registry_add and registry_delete are Sysmon 12 by EventType', () => {
    const view = (type: string) => sigmaView(EVENT, windows('12', { EventType: type })).keys;
    expect(view('CreateKey')).toContain('windows/category:registry_add');
    expect(view('DeleteValue')).toContain('windows/category:registry_delete');
    expect(view('DeleteValue')).toContain('windows/category:registry_event');
  });

  it('JSON records answer by their own paths, then by ECS names for Sigma fields', () => {
    const cloudtrail = ok(
      rule(
        {
          sel: {
            eventSource: 'iam.amazonaws.com',
            eventName: 'CreateAccessKey',
            'userIdentity.type': 'IAMUser',
          },
          condition: 'sel',
        },
        { product: 'aws', service: 'cloudtrail' },
      ),
    );
    const record = {
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: { type: 'IAMUser', userName: 'bob' },
    };
    const event = { ...EVENT, dataset: 'aws.cloudtrail' };
    expect(sigmaMatcher([cloudtrail])(event, { kind: 'object', value: record })).toHaveLength(1);
    expect(
      sigmaMatcher([cloudtrail])({ ...event, dataset: 'okta.system' }, { kind: 'object', value: record }),
    ).toHaveLength(0);
    const ecs = sigmaView(EVENT, { kind: 'object', value: { process: { command_line: 'whoami /all' } } });
    expect(ecs.record.field('CommandLine')?.raw).toEqual(['whoami /all']);
  });

  it('events without source fields answer by their normalized fields', () => {
    const view = sigmaView(
      { ...EVENT, dataset: 'auth', provider: 'sshd', userName: 'root', sourceIp: '203.0.113.9' },
      undefined,
    );
    expect(view.keys).toEqual(['linux', 'linux/service:syslog', 'linux/service:auth', 'linux/service:sshd']);
    expect(view.record.field('user.name')?.raw).toEqual(['root']);
    expect(view.record.field('SourceIp')?.raw).toEqual(['203.0.113.9']);
  });
});
