/** Answers of the fake API for the evidence tests: items, details, rejects, jobs. */
import { DOC_ID } from '../workspace/workspace-fixtures.js';
import type { EvidenceDetail, EvidenceItem, Job, RejectPage } from './evidence-types.js';

/** A SHA-256 made of one repeated hex digit. */
export const sha = (digit: string) => digit.repeat(64);

/** An evidence item as the list returns it. */
export function evidenceItem(overrides: Partial<EvidenceItem> = {}): EvidenceItem {
  return {
    postMortemId: DOC_ID,
    id: 'EV-0001',
    sha256: sha('a'),
    size: 2_048,
    mediaType: 'text/csv',
    originalName: 'okta.csv',
    collectedBy: 'Bob Responder',
    collectedAt: '2026-03-15T10:00Z',
    sourceSystem: 'okta',
    registeredAt: '2026-03-15T11:00:00Z',
    registeredBy: 'alice',
    custodyCount: 3,
    custodyHead: sha('c'),
    sources: [
      {
        id: 1,
        postMortemId: DOC_ID,
        evidenceId: 'EV-0001',
        member: '',
        memberIndex: 0,
        contentSha256: sha('a'),
        format: 'okta',
        options: { zone: 'UTC', mapping: {} },
        status: 'done',
        ordinalBase: 0,
        recordsDone: 45,
        accepted: 40,
        rejected: 45,
        firstTs: Date.UTC(2026, 2, 14, 9, 0),
        lastTs: Date.UTC(2026, 2, 14, 17, 30),
        assumedTimes: 0,
        startedAt: '2026-03-15T11:00:01Z',
        owner: 'server-1',
        heartbeatAt: '2026-03-15T11:00:05Z',
        finishedAt: '2026-03-15T11:00:05Z',
      },
    ],
    ...overrides,
  };
}

/** The details of an item with its chain of custody. */
export function evidenceDetail(item: EvidenceItem = evidenceItem()): EvidenceDetail {
  return {
    ...item,
    custody: [
      {
        seq: 1,
        action: 'registered',
        actor: 'alice',
        at: '2026-03-15T11:00:00Z',
        details: {},
        prevHash: sha('0'),
        hash: sha('1'),
      },
      {
        seq: 2,
        action: 'verified',
        actor: 'carol',
        at: '2026-03-16T08:00:00Z',
        reason: 'before the review',
        details: {},
        prevHash: sha('1'),
        hash: sha('2'),
      },
    ],
  };
}

/** A page of `total` rejected records starting at `offset`. */
export function rejectPage(offset: number, limit: number, total: number): RejectPage {
  const count = Math.max(0, Math.min(limit, total - offset));
  return {
    total,
    items: Array.from({ length: count }, (_, i) => ({
      evidenceId: 'EV-0001',
      member: '',
      format: 'okta',
      ordinal: offset + i,
      line: offset + i + 2,
      offset: (offset + i) * 100,
      length: 100,
      reason: `bad record ${offset + i + 1}`,
      sample: `\u0000\u001b[31mrow ${offset + i + 1}<b>`,
    })),
  };
}

/** An ingest job. */
export function ingestJob(overrides: Partial<Job> = {}): Job {
  return {
    id: 'J-1',
    kind: 'ingest',
    postMortemId: DOC_ID,
    status: 'queued',
    params: { evidenceId: 'EV-0002' },
    attempts: 0,
    createdBy: 'alice',
    createdAt: '2026-03-15T12:00:00Z',
    ...overrides,
  };
}
