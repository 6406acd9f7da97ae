import { describe, expect, it } from 'vitest';
import { LateralGraphBuilder, type LeadEvent, suggestPatientZero } from './patient-zero.js';

const T0 = Date.UTC(2026, 2, 1, 10);
let n = 0;
function lead(overrides: Partial<LeadEvent>): LeadEvent {
  n++;
  return {
    id: `EV-0001#${n}`,
    evidenceId: 'EV-0001',
    ts: T0 + n * 1000,
    host: null,
    hostIp: null,
    user: null,
    srcIp: null,
    dstIp: null,
    dstPort: null,
    code: null,
    provider: null,
    action: null,
    labels: {},
    message: '',
    ...overrides,
  };
}

describe('lateral movement graph', () => {
  it('finds network and RDP logons, remote service installs, admin-port connections and SSH logins, naming addresses by host', () => {
    const builder = new LateralGraphBuilder();
    builder.add([
      lead({ host: 'ws-17', hostIp: '10.0.0.17', message: 'heartbeat' }),
      lead({
        code: '4624',
        host: 'fs-01',
        srcIp: '10.0.0.17',
        user: 'svc-backup',
        labels: { logon_type: '3' },
      }),
      lead({ code: '7045', host: 'fs-01', message: 'service PSEXESVC installed' }),
      lead({ code: '4624', host: 'dc-01', srcIp: '10.0.0.17', user: 'admin', labels: { logon_type: '10' } }),
      lead({ code: '4624', host: 'dc-01', srcIp: '127.0.0.1', labels: { logon_type: '3' } }),
      lead({ code: '4624', host: 'dc-01', srcIp: '10.0.0.9', labels: { logon_type: '2' } }),
      lead({ host: 'fs-01', dstIp: '10.0.0.30', dstPort: 5985 }),
      lead({
        host: 'web-01',
        srcIp: '203.0.113.5',
        user: 'deploy',
        message: 'Accepted publickey for deploy from 203.0.113.5',
      }),
    ]);
    const graph = builder.result();
    expect(graph.edges.map((e) => [e.from, e.to, Object.keys(e.kinds).join('+'), e.count])).toEqual([
      ['ws-17', 'fs-01', 'network logon+remote service creation', 2],
      ['ws-17', 'dc-01', 'RDP logon', 1],
      ['fs-01', '10.0.0.30', 'WinRM connection', 1],
      ['203.0.113.5', 'web-01', 'SSH login', 1],
    ]);
    expect(graph.edges[0]?.users).toEqual(['svc-backup']);
    expect(graph.nodes.find((x) => x.id === '10.0.0.30')?.kind).toBe('address');
  });
});

describe('patient zero', () => {
  it('suggests the earliest candidate with a host, with its reasons and the later candidates', () => {
    const early = lead({ host: 'ws-17', user: 'lhendriks' });
    const late = lead({ host: 'fs-01' });
    const s = suggestPatientZero([
      { event: late, reason: 'tagged compromised by an analyst' },
      { event: early, reason: 'known-bad ipv4 185.220.101.47 (known-bad list feed.txt (text))' },
    ]);
    expect(s).toMatchObject({ host: 'ws-17', user: 'lhendriks', events: [early.id], evidence: ['EV-0001'] });
    expect(s.justification).toMatch(
      /^Earliest evidence of compromise: EV-0001#\d+ at .* on ws-17 \(account lhendriks\): known-bad ipv4 185\.220\.101\.47/,
    );
    expect(s.justification).toMatch(
      /Later candidates: EV-0001#\d+ at .* on fs-01 \(tagged compromised by an analyst\)/,
    );
  });

  it('flags a lateral move into the suggested host before its first candidate', () => {
    const builder = new LateralGraphBuilder();
    const move = lead({ code: '4624', host: 'ws-17', srcIp: '10.0.0.5', labels: { logon_type: '3' } });
    builder.add([move]);
    const s = suggestPatientZero([{ event: lead({ host: 'ws-17' }), reason: 'tagged' }], builder.result());
    expect(s.justification).toMatch(/Caution: ws-17 was reached from 10\.0\.0\.5 before that/);
  });

  it('says there is no candidate and how to get one', () => {
    expect(suggestPatientZero([]).justification).toMatch(/^No candidate: no known-bad indicator was seen/);
  });
});
