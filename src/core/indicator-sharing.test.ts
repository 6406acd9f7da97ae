import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { parsePostMortemText } from '../contract/post-mortem-file.js';
import { uuidV5 } from '../services/stable-uuid.js';
import { readMispEvent, readStixBundle, readStixPattern } from './indicator-reading.js';
import {
  type StixObject,
  stixPattern,
  toIndicatorCsv,
  toMispEvent,
  toStixBundle,
} from './indicator-sharing.js';
import type { PostMortem } from './model.js';

const demo = parsePostMortemText(readFileSync('examples/demo-post-mortem.yaml', 'utf8'))
  .document as PostMortem;
const options = {
  producer: 'Korvalen CSIRT',
  now: '2026-12-04T10:00:00Z',
  idFor: (seed: string) => uuidV5(seed),
};
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** The STIX 2.1 pattern grammar for one or more OR-ed equality comparisons. */
const PATTERN =
  /^\[[a-z0-9-]+:[A-Za-z0-9_.'-]+ = '(?:[^'\\]|\\.)*'(?: OR [a-z0-9-]+:[A-Za-z0-9_.'-]+ = '(?:[^'\\]|\\.)*')*\]$/;

describe('STIX 2.1 export', () => {
  const { bundle, skipped } = toStixBundle(demo, options);
  const byId = new Map(bundle.objects.map((o) => [o.id, o]));
  const ofType = (type: string): StixObject[] => bundle.objects.filter((o) => o.type === type);

  it('gives every object the common properties, with valid ids and timestamps', () => {
    expect(bundle.id).toMatch(new RegExp(`^bundle--${UUID}$`));
    for (const o of bundle.objects) {
      expect(o.id).toMatch(new RegExp(`^${o.type}--${UUID}$`));
      expect(o).toMatchObject({ spec_version: '2.1', created: expect.stringMatching(TIMESTAMP) });
      expect(o.modified).toMatch(TIMESTAMP);
    }
    expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
  });

  it('names the producer as an identity that created every other object', () => {
    const [identity] = ofType('identity');
    expect(identity).toMatchObject({ name: 'Korvalen CSIRT', identity_class: 'organization' });
    for (const o of bundle.objects.filter((x) => x.type !== 'identity' && x.type !== 'attack-pattern'))
      expect(o.created_by_ref).toBe(identity?.id);
  });

  it('makes an indicator with a valid STIX pattern of each indicator, a vulnerability of each CVE', () => {
    const indicators = ofType('indicator');
    const patterned = demo.indicators.filter((i) => stixPattern(i) !== undefined);
    expect(indicators).toHaveLength(patterned.length);
    for (const i of indicators) {
      expect(i).toMatchObject({ pattern_type: 'stix', valid_from: expect.stringMatching(TIMESTAMP) });
      expect(i.pattern).toMatch(PATTERN);
    }
    expect(indicators.map((i) => i.pattern)).toContain("[ipv4-addr:value = '203.0.113.45']");
    expect(ofType('vulnerability').length).toBe(demo.indicators.filter((i) => i.type === 'cve').length);
    expect(skipped.map((s) => s.id)).toEqual(
      demo.indicators.filter((i) => i.type !== 'cve' && stixPattern(i) === undefined).map((i) => i.id),
    );
  });

  it('links sightings, attack patterns and relationships to objects of the bundle', () => {
    expect(ofType('sighting').length).toBeGreaterThan(0);
    for (const s of ofType('sighting')) {
      expect(byId.get(s.sighting_of_ref as string)).toBeDefined();
      expect((s.where_sighted_refs as string[]).every((r) => byId.get(r)?.type === 'identity')).toBe(true);
      expect(s.count).toBeGreaterThanOrEqual(1);
      expect((s.last_seen as string) >= (s.first_seen as string)).toBe(true);
    }
    for (const p of ofType('attack-pattern'))
      expect(p.external_references).toEqual([
        expect.objectContaining({ source_name: 'mitre-attack', external_id: p.name }),
      ]);
    expect(ofType('relationship').length).toBeGreaterThan(0);
    for (const r of ofType('relationship')) {
      expect(r.relationship_type).toBe('indicates');
      expect(byId.get(r.source_ref as string)?.type).toBe('indicator');
      expect(byId.get(r.target_ref as string)?.type).toBe('attack-pattern');
    }
  });

  it('gives the same ids when exported again (others see an update, not a duplicate)', () => {
    const again = toStixBundle(demo, { ...options, now: '2026-12-05T10:00:00Z' }).bundle;
    expect(again.objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id));
  });

  it('is read back: the same indicators, first and last seen', () => {
    const read = readStixBundle(JSON.parse(JSON.stringify(bundle)));
    expect(read.rejected).toEqual([]);
    const key = (i: { type: string; value: string }) => `${i.type} ${i.value}`;
    const exported = demo.indicators.filter((i) => i.type === 'cve' || stixPattern(i) !== undefined);
    expect(read.indicators.map(key).sort()).toEqual(exported.map(key).sort());
    const original = exported.find((i) => i.firstSeen !== undefined && i.type !== 'cve');
    const back = read.indicators.find((i) => original && key(i) === key(original));
    expect(Date.parse(back?.firstSeen ?? '')).toBe(Date.parse(original?.firstSeen ?? 'x'));
  });

  it('escapes quotes and backslashes in pattern literals, and reads them back', () => {
    const doc = buildPostMortem({
      timeline: [entry('T1', '2026-03-01T10:00:00Z', { attack: ['T1204.002'] })],
      indicators: [{ id: 'I1', type: 'file-name', value: "it's a \\ file.exe", timeline: ['T1'] }],
    });
    const [indicator] = toStixBundle(doc, options).bundle.objects.filter((o) => o.type === 'indicator');
    expect(indicator?.pattern).toBe("[file:name = 'it\\'s a \\\\ file.exe']");
    expect(readStixPattern(indicator?.pattern as string)).toEqual([
      { type: 'file-name', value: "it's a \\ file.exe" },
    ]);
  });
});

describe('STIX pattern reading', () => {
  it('reads OR-ed equality comparisons, and says why it cannot read the rest', () => {
    expect(
      readStixPattern("[domain-name:value = 'a.example.com' OR domain-name:value = 'b.example.com']"),
    ).toEqual([
      { type: 'domain', value: 'a.example.com' },
      { type: 'domain', value: 'b.example.com' },
    ]);
    expect(
      readStixPattern("[ipv4-addr:value = '1.2.3.4'] OR [url:value = 'http://x.example.com/']"),
    ).toHaveLength(2);
    expect(readStixPattern("[file:size > 100 AND file:name = 'a']")).toBe(
      'only comparisons with = joined by OR are read',
    );
    expect(readStixPattern("[process:name = 'cmd.exe']")).toBe(
      'no indicator type for the object path process:name',
    );
  });

  it('rejects indicators it cannot read, naming them', () => {
    const read = readStixBundle({
      type: 'bundle',
      objects: [
        { type: 'indicator', id: 'indicator--1', pattern: 'alert tcp any any', pattern_type: 'snort' },
        {
          type: 'indicator',
          id: 'indicator--2',
          pattern: "[ipv4-addr:value = '10.0.0.1']",
          pattern_type: 'stix',
        },
      ],
    });
    expect(read.rejected).toEqual([
      { origin: 'indicator--1', reason: 'pattern_type snort is not read (only stix)' },
    ]);
    expect(read.indicators).toEqual([{ type: 'ipv4', value: '10.0.0.1', origin: 'indicator--2' }]);
  });
});

describe('MISP event export and import', () => {
  const event = toMispEvent(demo, options);

  it('makes one attribute per indicator with its MISP type, category and to_ids', () => {
    const attributes = event.Event.Attribute as {
      type: string;
      value: string;
      to_ids: boolean;
      uuid: string;
    }[];
    expect(attributes).toHaveLength(demo.indicators.length);
    expect(attributes.find((a) => a.value === '203.0.113.45')).toMatchObject({
      type: 'ip-dst',
      category: 'Network activity',
      to_ids: true,
    });
    for (const a of attributes) expect(a.uuid).toMatch(new RegExp(`^${UUID}$`));
    expect(event.Event).toMatchObject({ info: expect.stringMatching(/^INC-2026-014: /), date: '2026-12-04' });
  });

  it('is read back: the same indicators', () => {
    const read = readMispEvent(JSON.parse(JSON.stringify(event)));
    const exported = demo.indicators.filter((i) => i.type !== 'other' && i.type !== 'cve');
    const key = (i: { type: string; value: string }) => `${i.type} ${i.value}`;
    expect(read.indicators.map(key).sort()).toEqual(
      exported
        .map((i) => key({ type: i.type === 'file-path' ? 'file-name' : i.type, value: i.value }))
        .sort(),
    );
  });

  it('splits composite attributes, keeps to_ids false out unless asked, and names what it cannot read', () => {
    const misp = {
      Event: {
        Attribute: [
          { type: 'ip-dst|port', value: '198.51.100.7|443', to_ids: true },
          { type: 'filename|sha256', value: `drop.exe|${'a'.repeat(64)}`, to_ids: true },
          { type: 'domain', value: 'benign.example.com', to_ids: false },
          { type: 'btc', value: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', to_ids: true },
        ],
        Object: [
          {
            name: 'file',
            Attribute: [{ type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', to_ids: true }],
          },
        ],
      },
    };
    const read = readMispEvent(misp);
    expect(read.indicators.map((i) => `${i.type} ${i.value}`)).toEqual([
      'ipv4 198.51.100.7',
      'file-name drop.exe',
      `sha256 ${'a'.repeat(64)}`,
      'md5 d41d8cd98f00b204e9800998ecf8427e',
    ]);
    expect(read.rejected).toEqual([
      {
        origin: 'Attribute 3',
        reason: 'domain benign.example.com: to_ids is false (context, not for detection)',
      },
      { origin: 'Attribute 4', reason: 'MISP type btc is not an indicator type Debrief reads' },
    ]);
    expect(readMispEvent(misp, { includeNonIds: true }).indicators.map((i) => i.value)).toContain(
      'benign.example.com',
    );
    expect(readMispEvent({ nothing: true }).rejected[0]?.reason).toMatch(/not a MISP event/);
  });
});

describe('CSV export', () => {
  it('has a header and one row per indicator, neutralizing formulas', () => {
    const doc = buildPostMortem({
      indicators: [{ id: 'I1', type: 'other', value: '=HYPERLINK("http://x")' }],
    });
    const lines = toIndicatorCsv(doc).split('\r\n');
    expect(lines[0]).toBe('id,type,value,description,first_seen,last_seen,attack,evidence,timeline');
    expect(lines[1]).toBe(`I1,other,"'=HYPERLINK(""http://x"")",,,,,,`);
  });
});
