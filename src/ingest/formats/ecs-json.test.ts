import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeEcsEvents } from '../../../test/generate-ecs-events.js';
import { parseFile, parseText, sampleOf, split } from '../../../test/ingest.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { ecsJsonParser } from './ecs-json.js';

/** The offset property: each record's byte range, parsed on its own, gives the same event. */
async function expectExactRanges(parser: FormatParser, bytes: Uint8Array, records: readonly ParsedRecord[]) {
  for (const r of records) {
    if (!r.ok) continue;
    const again = await parseText(parser, bytes.subarray(r.where.offset, r.where.offset + r.where.length));
    expect(again.map((x) => (x.ok ? x.event : x.reason))).toEqual([r.event]);
  }
}

const winlogbeat = {
  '@timestamp': '2024-02-03T04:05:06.789Z',
  ecs: { version: '8.11.0' },
  event: {
    code: '4625',
    action: 'logon-failed',
    outcome: 'failure',
    category: ['authentication'],
    provider: 'Microsoft-Windows-Security-Auditing',
  },
  host: { name: 'dc01.contoso.local', ip: ['10.0.0.10', 'fe80::1'] },
  user: { name: 'administrator', domain: 'CONTOSO' },
  source: { ip: '203.0.113.200', port: 50123 },
  winlog: { channel: 'Security', event_id: '4625' },
  message: 'An account failed to log on.',
};

describe('ecsJsonParser', () => {
  it('normalizes ECS documents, nested or with dotted keys, one per line', async () => {
    const dotted = {
      '@timestamp': '2024-02-03T04:05:07Z',
      'event.action': 'process-started',
      'process.name': 'cmd.exe',
      'host.name': 'ws-1',
    };
    const bytes = new TextEncoder().encode(`${JSON.stringify(winlogbeat)}\n\n${JSON.stringify(dotted)}\n`);
    const records = await parseText(ecsJsonParser, bytes, {}, 40);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(events[0]).toMatchObject({
      code: '4625',
      outcome: 'failure',
      category: 'authentication',
      hostName: 'dc01.contoso.local',
      hostIp: '10.0.0.10',
      userName: 'administrator',
      sourceIp: '203.0.113.200',
      message: 'An account failed to log on.',
    });
    expect(events[1]).toMatchObject({ action: 'process-started', processName: 'cmd.exe', hostName: 'ws-1' });
    expect(records.map((r) => r.where.line)).toEqual([1, 3]);
    await expectExactRanges(ecsJsonParser, bytes, records);
  });

  it('reads an Elasticsearch export that is one array of documents', async () => {
    const { events } = split(
      await parseText(ecsJsonParser, JSON.stringify([winlogbeat, winlogbeat], null, 1)),
    );
    expect(events).toHaveLength(2);
  });

  it('scores ECS documents 0.8, and JSON with @timestamp but no ECS field sets 0', () => {
    expect(ecsJsonParser.detect(sampleOf(JSON.stringify(winlogbeat)))).toBe(0.8);
    expect(
      ecsJsonParser.detect(
        sampleOf('{"@timestamp":"2024-01-01T00:00:00Z","host":{"name":"a"},"source":{"ip":"1.1.1.1"}}'),
      ),
    ).toBe(0.8);
    expect(
      ecsJsonParser.detect(
        sampleOf('{"@timestamp":"2024-01-01T00:00:00Z","@version":"1","host":"a","EventID":1}'),
      ),
    ).toBe(0);
  });

  it('reads every generated benchmark event (the ingest benchmark format) without a rejection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-ecs-'));
    try {
      const path = join(dir, 'events.ndjson');
      await writeEcsEvents(path, 2_000);
      const records = await parseFile(ecsJsonParser, path);
      const { events, rejected } = split(records);
      expect([events.length, rejected.length]).toEqual([2_000, 0]);
      expect(events[0]?.time.text).toMatch(/^2026-03-01T/);
      expect(events.every((e) => e.hostName?.startsWith('ws-') && e.userName && e.processPid)).toBe(true);
      expect(ecsJsonParser.detect(sampleOf(readFileSync(path).subarray(0, 65_536), 'events.ndjson'))).toBe(
        0.8,
      );
      await expectExactRanges(ecsJsonParser, readFileSync(path), records.slice(0, 200));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
