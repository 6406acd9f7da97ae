// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AttackMatrixAnswer,
  AttackPathAnswer,
  MitigationDrafts,
  PatientZeroAnswer,
} from '../attack/attack-api.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from './workspace-fixtures.js';

let server: FakeServer;
const base = `/api/post-mortems/${DOC_ID}`;
const CREDIT =
  '© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.';

const technique = (
  id: string,
  tactics: string[],
  extra: Partial<AttackMatrixAnswer['techniques'][number]> = {},
): AttackMatrixAnswer['techniques'][number] => ({
  technique: id,
  tactics,
  entries: [],
  sigmaMatches: 0,
  toolDetections: 0,
  count: 1,
  firstSeen: '2026-03-14T09:00:00.000Z',
  ...extra,
});

const MATRIX: AttackMatrixAnswer = {
  tactics: [
    { id: 'TA0001', name: 'Initial Access', shortname: 'initial-access' },
    { id: 'TA0002', name: 'Execution', shortname: 'execution' },
    { id: 'TA0008', name: 'Lateral Movement', shortname: 'lateral-movement' },
  ],
  techniques: [
    technique('T1566.002', ['initial-access'], { name: 'Spearphishing Link', entries: ['E1'] }),
    technique('T1078', ['initial-access', 'execution'], { name: 'Valid Accounts', entries: ['E2'] }),
    technique('T1059.001', ['execution'], {
      name: 'PowerShell',
      entries: ['E3'],
      toolDetections: 2,
      count: 3,
      firstSeen: '2026-03-14T09:05:00.000Z',
    }),
    technique('T1105', [], { toolDetections: 2, count: 2, firstSeen: '2026-03-14T09:06:00.000Z' }),
  ],
  catalog: { version: '17.1', credit: CREDIT },
};

const PATH: AttackPathAnswer = {
  steps: [
    {
      technique: 'T1566.002',
      at: '2026-03-14T09:00:00.000Z',
      entry: 'E1',
      name: 'Spearphishing Link',
      tactics: ['initial-access'],
    },
    {
      technique: 'T1059.001',
      at: '2026-03-14T09:05:00.000Z',
      entry: 'E3',
      name: 'PowerShell',
      tactics: ['execution'],
    },
  ],
  vector: { technique: 'T1566.002', name: 'Spearphishing Link', entry: 'E1' },
  vectorReason: 'the first technique of the path whose tactics include initial access',
  warnings: [],
  catalog: { version: '17.1', credit: CREDIT },
};

const DRAFTS: MitigationDrafts = {
  drafts: [
    {
      mitigation: 'M1017',
      name: 'User Training',
      url: 'https://attack.mitre.org/mitigations/M1017',
      techniques: ['T1566.002'],
      advice: [],
      draft: {
        title: 'User Training (ATT&CK M1017)',
        description: 'x',
        type: 'preventive',
        priority: 'high',
        status: 'proposed',
      },
    },
  ],
  catalog: { version: '17.1', credit: CREDIT },
};

const PZ: PatientZeroAnswer = {
  suggestion: {
    host: 'ws-17',
    user: 'CORP\\lh',
    at: '2026-03-14T08:58:00.000Z',
    justification: 'EV-0001#12 at 08:58 on ws-17: 203.0.113.9 from known-bad list feodo.txt.',
    events: ['EV-0001#12'],
    evidence: ['EV-0001'],
    candidates: [
      {
        event: 'EV-0001#12',
        at: '2026-03-14T08:58:00.000Z',
        host: 'ws-17',
        user: 'CORP\\lh',
        reason: 'known-bad 203.0.113.9 (feodo.txt)',
      },
      {
        event: 'EV-0001#40',
        at: '2026-03-14T09:20:00.000Z',
        host: 'srv-db',
        user: null,
        reason: 'tagged compromised',
      },
    ],
  },
  recorded: null,
  lateral: {
    nodes: [
      { id: 'srv-db', kind: 'host', firstSeen: '2026-03-14T09:20:00.000Z' },
      { id: 'ws-17', kind: 'host', firstSeen: '2026-03-14T08:58:00.000Z' },
      { id: 'srv-file', kind: 'host', firstSeen: '2026-03-14T09:10:00.000Z' },
    ],
    edges: [
      {
        from: 'ws-17',
        to: 'srv-file',
        count: 2,
        first: '2026-03-14T09:10:00.000Z',
        last: '2026-03-14T09:12:00.000Z',
        kinds: { 'network logon': 2 },
        users: ['CORP\\lh'],
        events: ['EV-0001#20', 'EV-0001#21'],
      },
      {
        from: 'srv-file',
        to: 'srv-db',
        count: 1,
        first: '2026-03-14T09:20:00.000Z',
        last: '2026-03-14T09:20:00.000Z',
        kinds: { 'remote service creation': 1 },
        users: [],
        events: ['EV-0001#40'],
      },
    ],
  },
};

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', base, { body: storedDoc(), headers: { etag: etagOf(3) } });
  server.on('GET', `${base}/attack/matrix`, { body: MATRIX });
  server.on('GET', `${base}/attack-path`, { body: PATH });
  server.on('GET', `${base}/attack-mitigations`, { body: DRAFTS });
  server.on('GET', `${base}/patient-zero`, { body: PZ });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

const items = (el: HTMLElement) =>
  within(el)
    .getAllByRole('listitem')
    .map((li) => li.textContent);

describe('ATT&CK section', () => {
  it('places the techniques seen on the matrix: tactics in order, a technique in each of its tactics', async () => {
    renderApp(`/post-mortems/${DOC_ID}/attack`);
    const matrix = await screen.findByRole('region', { name: 'ATT&CK matrix' });
    const columns = within(matrix).getAllByRole('group');
    expect(columns.map((c) => c.getAttribute('aria-label'))).toEqual([
      'Initial Access (TA0001)',
      'Execution (TA0002)',
      'Lateral Movement (TA0008)',
    ]);
    const [initial, execution, lateral] = columns as [HTMLElement, HTMLElement, HTMLElement];
    expect(items(initial)).toEqual([
      'T1566.002 Spearphishing Link · 1 sighting · first 2026-03-14 09:00 UTC',
      'T1078 Valid Accounts · 1 sighting · first 2026-03-14 09:00 UTC',
    ]);
    expect(items(execution)).toEqual([
      'T1078 Valid Accounts · 1 sighting · first 2026-03-14 09:00 UTC',
      'T1059.001 PowerShell · 3 sightings · first 2026-03-14 09:05 UTC',
    ]);
    expect(within(execution).getByText('3 sightings').getAttribute('title')).toBe(
      '1 timeline entry, 2 tool detections',
    );
    expect(within(lateral).queryAllByRole('listitem')).toHaveLength(0);
    // Unknown to the catalogue: listed off the matrix.
    expect(items(screen.getByRole('list', { name: 'Techniques not on the matrix' }))).toEqual([
      'T1105 · 2 sightings · first 2026-03-14 09:06 UTC',
    ]);
    expect(screen.getByText(`ATT&CK 17.1. ${CREDIT}`)).toBeTruthy();
    // The attack path, in order of first occurrence, and the vector.
    const path = screen.getByRole('list', { name: 'Attack path' });
    expect(
      within(path)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.slice(0, 9)),
    ).toEqual(['T1566.002', 'T1059.001']);
    expect(screen.getByText(/Attack vector:/).parentElement?.textContent).toContain(
      'T1566.002 Spearphishing Link (entry E1)',
    );
    expect(screen.queryByText(/No ATT&CK catalogue is loaded/)).toBeNull();
  });

  it('without a catalogue lists the techniques and says how to load one', async () => {
    server.on('GET', `${base}/attack/matrix`, {
      body: {
        tactics: [],
        techniques: MATRIX.techniques.map((t) => ({ ...t, tactics: [], name: undefined })),
        catalog: null,
      },
    });
    server.on(
      'GET',
      `${base}/attack-mitigations`,
      errorAnswer(
        400,
        'invalid_input',
        'no ATT&CK catalogue: load one with "debrief attack load enterprise-attack.json"',
      ),
    );
    renderApp(`/post-mortems/${DOC_ID}/attack`);
    const seen = await screen.findByRole('list', { name: 'Techniques seen' });
    expect(items(seen).map((t) => t?.split(' ')[0])).toEqual(['T1566.002', 'T1078', 'T1059.001', 'T1105']);
    expect(screen.queryByRole('region', { name: 'ATT&CK matrix' })).toBeNull();
    await waitFor(() => expect(screen.getAllByText(/No ATT&CK catalogue is loaded/)).toHaveLength(2));
    expect(screen.getAllByText(/debrief attack load enterprise-attack\.json/).length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Add as recommendations' })).toBeNull();
  });

  it('adds the mitigations as recommendations and reads the document again', async () => {
    server.on('POST', `${base}/attack-mitigations`, {
      body: {
        id: DOC_ID,
        version: 4,
        added: [{ id: 'R-M1017' }],
        catalog: { version: '17.1', credit: CREDIT },
      },
    });
    renderApp(`/post-mortems/${DOC_ID}/attack`);
    const drafts = await screen.findByRole('table', { name: 'Mitigation drafts (1)' });
    expect(within(drafts).getByRole('link', { name: 'M1017 User Training' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add as recommendations' }));
    expect(await screen.findByText('Added R-M1017 as proposed recommendations (version 4).')).toBeTruthy();
    expect(server.made('POST', `${base}/attack-mitigations`)).toHaveLength(1);
    await waitFor(() => expect(server.made('GET', base)).toHaveLength(2));
  });

  it('shows the patient-zero suggestion and confirms it as it is', async () => {
    server.on('POST', `${base}/patient-zero`, {
      body: {
        id: DOC_ID,
        version: 4,
        patientZero: { host: 'ws-17', justification: 'x', evidence: [], timeline: [] },
      },
    });
    renderApp(`/post-mortems/${DOC_ID}/attack`);
    expect(await screen.findByText(PZ.suggestion.justification)).toBeTruthy();
    expect(screen.getByText('Nothing recorded yet.')).toBeTruthy();
    const candidates = screen.getByRole('table', { name: 'Patient zero candidates (2)' });
    expect(within(candidates).getByText('tagged compromised')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('Patient zero recorded (version 4).')).toBeTruthy();
    const posted = server.made('POST', `${base}/patient-zero`);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toEqual({});
    await waitFor(() => expect(server.made('GET', base)).toHaveLength(2));
  });

  it('overrides patient zero only with a reason, sending the fields given', async () => {
    server.on('POST', `${base}/patient-zero`, {
      body: {
        id: DOC_ID,
        version: 4,
        patientZero: { host: 'srv-file', justification: 'x', evidence: [], timeline: [] },
      },
    });
    renderApp(`/post-mortems/${DOC_ID}/attack`);
    const form = await screen.findByRole('form', { name: 'Override patient zero' });
    fireEvent.change(within(form).getByLabelText('Host'), { target: { value: ' srv-file ' } });
    fireEvent.submit(form);
    expect((await screen.findByRole('alert')).textContent).toContain('say why you override');
    expect(server.made('POST', `${base}/patient-zero`)).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText('Time (ISO 8601, e.g. 2026-02-23T08:00:00Z)'), {
      target: { value: '2026-03-14T08:40:00Z' },
    });
    fireEvent.change(within(form).getByLabelText('Why (required)'), {
      target: { value: 'The file server shows the first logon.' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Record override' }));
    await screen.findByText('Patient zero recorded (version 4).');
    expect(server.made('POST', `${base}/patient-zero`)[0]?.body).toEqual({
      host: 'srv-file',
      at: '2026-03-14T08:40:00Z',
      why: 'The file server shows the first logon.',
    });
  });

  it('draws the lateral-movement graph left to right by first seen, with a table of the same edges', async () => {
    renderApp(`/post-mortems/${DOC_ID}/attack`);
    const graph = await screen.findByRole('img', {
      name: 'Lateral movement graph: 3 hosts, 2 movements; patient zero ws-17',
    });
    expect(graph.tagName.toLowerCase()).toBe('svg');
    const nodes = [...graph.querySelectorAll('g[data-host]')];
    expect(nodes.map((n) => n.getAttribute('data-host'))).toEqual(['ws-17', 'srv-file', 'srv-db']);
    const x = (host: string) => Number(graph.querySelector(`g[data-host="${host}"] rect`)?.getAttribute('x'));
    expect(x('ws-17')).toBeLessThan(x('srv-file'));
    expect(x('srv-file')).toBeLessThan(x('srv-db'));
    expect(graph.querySelector('g[data-host="ws-17"]')?.classList.contains('patient-zero')).toBe(true);
    expect(graph.querySelector('g[data-host="srv-db"]')?.classList.contains('patient-zero')).toBe(false);
    const edges = [...graph.querySelectorAll('g.lateral-edge')];
    expect(edges.map((e) => `${e.getAttribute('data-from')}>${e.getAttribute('data-to')}`)).toEqual([
      'ws-17>srv-file',
      'srv-file>srv-db',
    ]);
    expect(edges[0]?.querySelector('path')?.getAttribute('marker-end')).toMatch(/^url\(#/);
    expect(edges[0]?.textContent).toBe('network logon ×2 · 09:10');
    const table = screen.getByRole('table', { name: 'Lateral movements (2)' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent))).toEqual([
      ['ws-17 patient zero', 'srv-file', 'network logon ×2 (2)'],
      ['srv-file', 'srv-db', 'remote service creation (1)'],
    ]);
  });

  it('is read-only for a viewer: no confirm, override or add', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read'] }) });
    renderApp(`/post-mortems/${DOC_ID}/attack`);
    expect(await screen.findByText(PZ.suggestion.justification)).toBeTruthy();
    await screen.findByRole('table', { name: 'Mitigation drafts (1)' });
    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Override patient zero' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add as recommendations' })).toBeNull();
    expect(screen.getByRole('img', { name: /Lateral movement graph/ })).toBeTruthy();
  });
});
