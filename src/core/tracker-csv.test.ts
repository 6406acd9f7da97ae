import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  asanaDate,
  JIRA_PRIORITY,
  JIRA_STATUS,
  jiraDate,
  TRACKER_FORMATS,
  type TrackerAction,
  type TrackerFormat,
  trackerCsv,
} from './tracker-csv.js';
import { PRIORITIES, RECOMMENDATION_STATUSES } from './vocabulary.js';

function buildAction(overrides: Partial<TrackerAction> = {}): TrackerAction {
  return {
    postMortem: 'INC-2026-014',
    postMortemTitle: 'Session hijack through an AiTM phishing kit',
    id: 'R-03',
    title: 'Detect access key creation by human sessions',
    description: 'SIEM rules on CreateAccessKey, "high" severity,\npages the SOC.',
    status: 'accepted',
    priority: 'high',
    owner: 'P-03',
    ownerName: 'Anneke Vos',
    ownerEmail: 'anneke.vos@korvalen.example',
    due: '2026-06-30',
    tracker: null,
    ...overrides,
  };
}

/** The file as the tracker's importer reads it: a header row and records of cells. */
function records(text: string): string[][] {
  return parse(text, { relax_column_count: false }) as string[][];
}

/** The one data row of an export of `action`, by header name (the first of repeated headers). */
function cells(format: TrackerFormat, action: TrackerAction, baseUrl?: string): Record<string, string> {
  const [header, row] = records(trackerCsv(format, [action], baseUrl ? { baseUrl } : {}));
  const byName: Record<string, string> = {};
  header?.forEach((name, i) => {
    byName[name] ??= row?.[i] ?? '';
  });
  return byName;
}

describe('tracker CSV files', () => {
  it('write each importer’s header row first, with CRLF line ends and no byte-order mark', () => {
    const headers: Record<TrackerFormat, string> = {
      jira: 'Summary,Issue Type,Status,Priority,Due Date,Assignee,Description,Labels,Labels',
      trello: 'Card Name,Card Description,List Name,Labels,Members,Due Date',
      asana: 'Name,Description,Section,Assignee,Due Date,Tags,Priority',
      monday: 'Name,Status,Person,Date,Priority,Description,Reference',
    };
    for (const format of TRACKER_FORMATS) {
      const text = trackerCsv(format, [buildAction(), buildAction({ id: 'R-04' })]);
      expect(text.startsWith(`${headers[format]}\r\n`)).toBe(true);
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text.endsWith('\r\n')).toBe(true);
      // Line breaks inside a quoted description are the recommendation's own; records end in CRLF.
      expect(records(text)).toHaveLength(3);
      expect(trackerCsv(format, [])).toBe(`${headers[format]}\r\n`);
    }
  });

  it('fill every Jira field, with the post-mortem as a label and the reference in the description', () => {
    const [header, row] = records(
      trackerCsv('jira', [buildAction()], { baseUrl: 'https://debrief.example/' }),
    );
    expect(header).toEqual([
      'Summary',
      'Issue Type',
      'Status',
      'Priority',
      'Due Date',
      'Assignee',
      'Description',
      'Labels',
      'Labels',
    ]);
    expect(row).toEqual([
      'Detect access key creation by human sessions',
      'Task',
      'To Do',
      'High',
      '30/Jun/26 12:00 AM',
      'anneke.vos@korvalen.example',
      'Debrief INC-2026-014 / R-03: Session hijack through an AiTM phishing kit\n' +
        'Status in Debrief: accepted; priority: high; owner: Anneke Vos\n' +
        'https://debrief.example/post-mortems/INC-2026-014\n\n' +
        'SIEM rules on CreateAccessKey, "high" severity,\npages the SOC.',
      'debrief',
      'INC-2026-014',
    ]);
  });

  it('fill every Trello, Asana and monday.com field', () => {
    const action = buildAction({ status: 'in-progress', priority: 'critical' });
    expect(cells('trello', action)).toEqual({
      'Card Name': 'Detect access key creation by human sessions',
      'Card Description': expect.stringMatching(/^Debrief INC-2026-014 \/ R-03: Session hijack/),
      'List Name': 'Doing',
      Labels: 'debrief, INC-2026-014, priority: critical',
      Members: 'anneke.vos@korvalen.example',
      'Due Date': '2026-06-30',
    });
    expect(cells('asana', action)).toEqual({
      Name: 'Detect access key creation by human sessions',
      Description: expect.stringContaining('Status in Debrief: in-progress; priority: critical'),
      Section: 'Doing',
      Assignee: 'anneke.vos@korvalen.example',
      'Due Date': '06/30/2026',
      Tags: 'debrief,INC-2026-014',
      Priority: 'Critical',
    });
    expect(cells('monday', action)).toEqual({
      Name: 'Detect access key creation by human sessions',
      Status: 'Working on it',
      Person: 'anneke.vos@korvalen.example',
      Date: '2026-06-30',
      Priority: 'Critical',
      Description: expect.stringContaining('pages the SOC.'),
      Reference: 'INC-2026-014 / R-03',
    });
  });

  it('map every Debrief status to a board stage and every priority to Jira’s default scheme', () => {
    const stages = Object.fromEntries(
      RECOMMENDATION_STATUSES.map((status) => [status, cells('jira', buildAction({ status })).Status]),
    );
    expect(stages).toEqual({
      proposed: JIRA_STATUS['to-do'],
      accepted: 'To Do',
      'in-progress': 'In Progress',
      done: 'Done',
      verified: 'Done',
      'risk-accepted': 'Done',
      rejected: 'Done',
    });
    // The exact status survives in the description, where the board stage is coarser.
    expect(cells('trello', buildAction({ status: 'risk-accepted' }))['Card Description']).toContain(
      'Status in Debrief: risk-accepted',
    );
    expect(PRIORITIES.map((priority) => cells('jira', buildAction({ priority })).Priority)).toEqual([
      'Highest',
      'High',
      'Medium',
      'Low',
    ]);
    expect(Object.keys(JIRA_PRIORITY)).toEqual([...PRIORITIES]);
    expect(cells('monday', buildAction({ status: 'proposed', priority: 'low' }))).toMatchObject({
      Status: 'Not Started',
      Priority: 'Low',
    });
  });

  it('neutralize titles a spreadsheet would run as formulas, in every format', () => {
    for (const title of ["=cmd|' /C calc'!A0", '+1+cmd|calc', '-2+3', '@SUM(A1:A9)']) {
      for (const format of TRACKER_FORMATS) {
        const name = Object.values(cells(format, buildAction({ title })))[0];
        expect(name, `${format} ${title}`).toBe(`'${title}`);
      }
    }
    // Descriptions start with the reference, so their own first character is never at the start of a cell.
    expect(cells('jira', buildAction({ description: '=1+1' })).Description).toMatch(/^Debrief .*\n\n=1\+1$/s);
  });

  it('round-trip commas, quotes and line breaks in descriptions and owners', () => {
    const description = 'Rotate keys, then "verify";\r\nsecond line\n\nthird, with a trailing comma,';
    for (const format of TRACKER_FORMATS) {
      const row = cells(
        format,
        buildAction({ description, ownerEmail: null, ownerName: 'Governance, risk and compliance' }),
      );
      const text = row.Description ?? row['Card Description'];
      expect(text?.endsWith(`\n\n${description}`), format).toBe(true);
      expect(Object.values(row)).toContain('Governance, risk and compliance');
    }
  });

  it('leave empty cells for a missing owner, due date and description, keeping every column', () => {
    const action = buildAction({
      owner: null,
      ownerName: null,
      ownerEmail: null,
      due: null,
      description: null,
    });
    const row = cells('jira', action);
    expect(row.Assignee).toBe('');
    expect(row['Due Date']).toBe('');
    expect(row.Description).toBe(
      'Debrief INC-2026-014 / R-03: Session hijack through an AiTM phishing kit\n' +
        'Status in Debrief: accepted; priority: high',
    );
  });

  it('name an existing tracker item, keep titles on one line and Jira summaries within 255 characters', () => {
    const tracked = buildAction({
      tracker: { system: 'jira', key: 'PLAT-1873', url: 'https://jira.example/browse/PLAT-1873' },
      title: `Block key creation\nfor ${'x'.repeat(300)}`,
    });
    const row = cells('jira', tracked);
    expect(row.Description).toContain(
      'Already tracked in jira: PLAT-1873 (https://jira.example/browse/PLAT-1873)',
    );
    expect(row.Summary).toHaveLength(255);
    expect(row.Summary?.startsWith('Block key creation for xxx')).toBe(true);
    expect(row.Summary?.endsWith('…')).toBe(true);
    expect(cells('asana', tracked).Name).not.toContain('\n');
  });

  it('write dates in the format each importer reads', () => {
    expect(jiraDate('2026-01-05')).toBe('05/Jan/26 12:00 AM');
    expect(jiraDate('2026-12-31')).toBe('31/Dec/26 12:00 AM');
    expect(asanaDate('2026-01-05')).toBe('01/05/2026');
  });
});
