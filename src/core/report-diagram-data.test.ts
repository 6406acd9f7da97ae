import { describe, expect, it } from 'vitest';
import { diagramData } from './report-diagram-data.js';

describe('diagramData', () => {
  it('lists the clocks with value, target and status, marking approximate values', () => {
    const data = diagramData({
      kind: 'clocks',
      title: 'Clocks',
      clocks: [
        { label: 'Time to detect', seconds: 7200, targetSeconds: 3600, breached: true, approximate: true },
        { label: 'Time to contain', seconds: 1800, targetSeconds: 3600, breached: false, approximate: false },
        { label: 'Time to notify', breached: false, approximate: false },
      ],
    });
    expect(data).toEqual({
      kind: 'table',
      title: 'Clocks',
      headers: ['Clock', 'Value', 'Target', 'Status'],
      rows: [
        ['Time to detect', '≈ 2h', '1h', 'BREACHED'],
        ['Time to contain', '30m', '1h', 'within target'],
        ['Time to notify', 'not computable', 'no target', '—'],
      ],
    });
  });

  it('flattens the timeline into one row per event and numbers the attack path', () => {
    const timeline = diagramData({
      kind: 'timeline',
      title: 'Milestones',
      mermaid: 'timeline',
      sections: [{ name: '2026-03-02', periods: [{ period: '09:26', events: ['Detection', 'Escalation'] }] }],
    });
    expect(timeline.kind === 'table' && timeline.rows).toEqual([
      ['2026-03-02', '09:26', 'Detection'],
      ['2026-03-02', '09:26', 'Escalation'],
    ]);
    const path = diagramData({
      kind: 'attack-path',
      title: 'Attack path',
      steps: [
        {
          technique: 'T1566.002',
          name: 'Spearphishing Link',
          at: '2026-02-23T07:52:18Z',
          tactics: ['Initial Access'],
        },
      ],
    });
    expect(path.kind === 'table' && path.rows).toEqual([
      ['1', 'T1566.002 Spearphishing Link', 'Initial Access', '2026-02-23T07:52:18Z'],
    ]);
  });

  it('keeps the fishbone and 5 Whys as trees', () => {
    const tree = { id: 'p', text: 'Problem', children: [{ id: 'w', text: 'Why', children: [] }] };
    expect(diagramData({ kind: 'five-whys', title: 'W-1', tree, mermaid: 'flowchart TD' })).toEqual({
      kind: 'tree',
      title: 'W-1',
      root: tree,
    });
  });
});
