import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, sampleOf, split } from '../../../test/ingest.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { cloudTrailParser } from './cloudtrail.js';

const SAMPLE = 'otrf-security-datasets/aws-cloudtrail/ec2_proxy_s3_exfiltration_2020-09-14011940.json';

const record = (eventName: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' },
  eventTime: '2024-03-01T10:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName,
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7',
  requestParameters: { bucketName: 'b', key: 'k "quoted" ] }' },
  ...extra,
});

/** The offset property: each record's byte range, parsed on its own, gives the same event. */
async function expectExactRanges(parser: FormatParser, bytes: Uint8Array, records: readonly ParsedRecord[]) {
  for (const r of records) {
    if (!r.ok) continue;
    const again = await parseText(parser, bytes.subarray(r.where.offset, r.where.offset + r.where.length));
    expect(again.map((x) => (x.ok ? x.event : x.reason))).toEqual([r.event]);
  }
}

describe('cloudTrailParser', () => {
  it('reads a CloudTrail log file ({"Records":[…]} on one line) with each record at its exact bytes', async () => {
    const text = JSON.stringify({
      Records: [record('GetObject'), record('PutObject', { errorCode: 'AccessDenied' })],
    });
    const bytes = new TextEncoder().encode(text);
    const records = await parseText(cloudTrailParser, bytes, {}, 50);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(events.map((e) => [e.action, e.outcome, e.url])).toEqual([
      ['GetObject', 'success', 's3://b/k "quoted" ] }'],
      ['PutObject', 'failure', 's3://b/k "quoted" ] }'],
    ]);
    expect(records[0]?.where.offset).toBe(12);
    await expectExactRanges(cloudTrailParser, bytes, records);
  });

  it('scores a Records file 1, CloudTrail lines 0.95, and other JSON 0', () => {
    expect(cloudTrailParser.detect(sampleOf(JSON.stringify({ Records: [record('A')] })))).toBe(1);
    expect(cloudTrailParser.detect(sampleOf(`${JSON.stringify(record('A'))}\n`))).toBe(0.95);
    expect(cloudTrailParser.detect(sampleOf('{"eventName":"x","time":"2024-01-01"}\n'))).toBe(0);
    // A 64 KiB sample of a large one-line file still shows the wrapper and its first records.
    const big = JSON.stringify({ Records: Array.from({ length: 400 }, (_, i) => record(`Call${i}`)) });
    expect(big.length).toBeGreaterThan(64 * 1024);
    expect(cloudTrailParser.detect(sampleOf(big))).toBe(1);
  });

  it('rejects a record without a time and keeps the others', async () => {
    const { eventTime: _, ...timeless } = record('X');
    const { events, rejected } = split(
      await parseText(cloudTrailParser, JSON.stringify({ Records: [timeless, record('Y')] })),
    );
    expect(events.map((e) => e.action)).toEqual(['Y']);
    expect(rejected.map((r) => r.reason)).toEqual(['no "eventTime" (or "@timestamp") in the record']);
  });

  itWithSample(
    'reads all 103 events of the Logstash-reshaped OTRF sample, timed by @timestamp',
    SAMPLE,
    async (path) => {
      const records = await parseFile(cloudTrailParser, path);
      const { events, rejected } = split(records);
      expect([events.length, rejected.length]).toEqual([103, 0]);
      expect(events[0]).toMatchObject({
        time: { epochMs: Date.UTC(2020, 8, 14, 0, 44, 23), text: '2020-09-14T00:44:23.000Z' },
        action: 'DescribeInstanceTypes',
        provider: 'ec2.amazonaws.com',
        userName: 'pedro',
        sourceIp: '1.2.3.4',
        labels: { region: 'us-east-1', user_type: 'IAMUser', user_agent: 'console.ec2.amazonaws.com' },
      });
      const actions = new Set(events.map((e) => e.action));
      expect(actions).toContain('AssumeRole');
      expect(actions).toContain('ListObjects');
      const last = events.at(-1)?.time.epochMs ?? 0;
      expect(new Date(last).toISOString().slice(0, 16)).toBe('2020-09-14T01:13');
      expect(cloudTrailParser.detect(sampleOf(readFileSync(path).subarray(0, 65_536), 'x.json'))).toBe(0.95);
      await expectExactRanges(cloudTrailParser, readFileSync(path), records);
    },
  );
});
