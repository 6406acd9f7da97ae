/** `debrief ioc import` of the case tools' files (DFIR-IRIS, TheHive, MISP), stored on every dialect. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, pmId } from '../../test/factories.js';
import type { DatabaseHandle } from '../db/database.js';
import { listIndicators } from '../db/indicator.repository.js';
import { importKnownBadText } from './import-known-bad.js';
import { importPostMortem } from './import-post-mortem.js';

const NOW = '2026-11-22T12:00:00.000Z';

// IRIS's IOC CSV, as its "Upload IOCs" sample and its export write it.
const IRIS_CSV = [
  'ioc_value,ioc_type,ioc_description,ioc_tags,ioc_tlp',
  '198.51.100.7,ip-dst,C2 server,C2|Cobalt,amber',
  'dropper.exe|84c82835a5d21bbcf75a61706d8ab549,filename|md5,Dropper sample,Malware|PE,red',
  'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\upd,regkey,Persistence,,amber',
  '',
].join('\n');

// TheHive 4 observables, one per line, as /api/case/artifact/_search pages are often saved.
const THEHIVE_LINES = [
  {
    _type: 'case_artifact',
    dataType: 'domain',
    data: 'c2.evil-updates.com',
    ioc: true,
    sighted: true,
    tags: ['c2'],
  },
  {
    _type: 'case_artifact',
    dataType: 'ip',
    data: '10.1.2.3',
    ioc: false,
    sighted: true,
    message: 'victim host',
  },
]
  .map((o) => JSON.stringify(o))
  .join('\n');

// A MISP event (core format): to_ids true and false attributes, and an object's attributes.
const MISP_EVENT = JSON.stringify({
  Event: {
    info: 'Phishing campaign',
    Attribute: [
      {
        type: 'url',
        category: 'Network activity',
        value: 'https://login.evil-updates.com/a',
        to_ids: true,
        timestamp: '1772442000',
        comment: 'phishing page',
      },
      {
        type: 'ip-src',
        category: 'Network activity',
        value: '192.0.2.44',
        to_ids: false,
        timestamp: '1772442000',
      },
    ],
    Object: [
      {
        name: 'file',
        Attribute: [
          {
            type: 'sha256',
            category: 'Payload delivery',
            value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
            to_ids: true,
            timestamp: '1772442000',
          },
        ],
      },
    ],
  },
});

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `importing case tools' indicators on ${dialectLabel(dialect)}`,
    () => {
      let handle: DatabaseHandle;
      const id = pmId('INC-CASES');

      beforeAll(async () => {
        handle = await createTestDatabase(dialect.name);
        await importPostMortem(handle.db, buildPostMortem({ id }), { now: NOW });
      });
      afterAll(async () => {
        await handle?.close();
      });

      it('detects an IRIS IOC CSV, marks its IOCs known-bad and reports the registry key it has no type for', async () => {
        const summary = await importKnownBadText(handle.db, id, IRIS_CSV, {
          label: 'iocs.csv',
          format: 'auto',
        });
        expect(summary.format).toBe('iris-csv');
        expect(summary.indicators).toBe(3);
        expect(summary.rejected).toEqual([
          { origin: 'row 4', reason: 'IRIS type regkey is not an indicator type Debrief reads' },
        ]);
        const rows = await listIndicators(handle.db, id, { knownBad: true });
        expect(rows.map((r) => [r.type, r.value]).sort()).toEqual([
          ['file-name', 'dropper.exe'],
          ['ipv4', '198.51.100.7'],
          ['md5', '84c82835a5d21bbcf75a61706d8ab549'],
        ]);
        expect(rows[0]?.knownBad).toBe('known-bad list iocs.csv (iris-csv)');
      });

      it('detects TheHive observables as JSON lines: only those flagged ioc become known-bad', async () => {
        const summary = await importKnownBadText(handle.db, id, THEHIVE_LINES, {
          label: 'obs.json',
          format: 'auto',
        });
        expect(summary.format).toBe('thehive-json');
        expect(summary.indicators).toBe(1);
        expect(summary.rejected[0]?.reason).toContain('ioc is false');
        const all = await listIndicators(handle.db, id);
        expect(all.find((r) => r.value === 'c2.evil-updates.com')?.knownBad).toBe(
          'known-bad list obs.json (thehive-json)',
        );
        expect(all.find((r) => r.value === '10.1.2.3')).toBeUndefined();
      });

      it('reads misp-json as MISP: to_ids false attributes are reported, never marked known-bad', async () => {
        const summary = await importKnownBadText(handle.db, id, MISP_EVENT, {
          label: 'event.json',
          format: 'misp-json',
        });
        expect(summary.format).toBe('misp');
        expect(summary.indicators).toBe(2);
        expect(summary.rejected).toEqual([
          {
            origin: 'Attribute 2',
            reason: 'ip-src 192.0.2.44: to_ids is false (context, not for detection)',
          },
        ]);
        const known = await listIndicators(handle.db, id, { knownBad: true });
        expect(known.map((r) => r.value)).toContain('https://login.evil-updates.com/a');
        expect(known.map((r) => r.value)).not.toContain('192.0.2.44');
      });
    },
  );
}
