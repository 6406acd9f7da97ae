import { describe, expect, it } from 'vitest';
import { smallAttackBundle } from '../../test/attack.js';
import { buildPostMortem, entry } from '../../test/factories.js';
import { navigatorLayerSchema } from '../contract/navigator-layer.js';
import { readAttackBundle } from './attack-catalog.js';
import { attackLayer, postMortemUrl, type TechniqueSightings, techniqueIdsIn } from './attack-layer.js';

const doc = buildPostMortem({
  id: 'INC-L',
  title: 'Layer',
  timeline: [
    entry('E1', '2026-03-01T10:00:00Z', { attack: ['T1566.002'] }),
    entry('E2', '2026-03-01T10:05:00Z', { attack: ['T1059.001', 'T1566'] }),
    entry('E3', '2026-03-01T10:06:00Z', { attack: ['T1059.001'] }),
  ],
});
const sightings = new Map<string, TechniqueSightings>([
  ['T1059.001', { sigmaMatches: 4, sigmaRules: ['Encoded PowerShell'], toolDetections: 0, firstTs: 0 }],
]);

describe('attackLayer', () => {
  it('reads technique ids from labels and tags, normalized and deduplicated', () => {
    expect(techniqueIdsIn('T1059.001,t1105, attack.t1059.001;T12|nonsense')).toEqual(['T1059.001', 'T1105']);
  });

  it('builds the post-mortem link from the public address, whatever its trailing slashes', () => {
    expect(postMortemUrl('https://d.example//', 'INC 1')).toBe('https://d.example/post-mortems/INC%201');
    expect(postMortemUrl(undefined, 'INC-1')).toBeUndefined();
  });

  it('scores by events: entries plus Sigma matches plus tool detections, and opens annotated parents', () => {
    const layer = attackLayer(doc, { score: 'events', sightings });
    expect(navigatorLayerSchema.safeParse(layer).success).toBe(true);
    const t = new Map(layer.techniques.map((x) => [x.techniqueID, x]));
    expect(t.get('T1059.001')?.score).toBe(6);
    expect(t.get('T1566')).toMatchObject({ score: 1, showSubtechniques: true });
    expect(t.get('T1566.002')).toMatchObject({ score: 1, showSubtechniques: false });
    expect(t.get('T1059.001')?.metadata).toContainEqual({
      name: 'first seen',
      value: '1970-01-01T00:00:00.000Z',
    });
    expect(layer.gradient.maxValue).toBe(6);
  });

  it('leaves techniques unscored by phase without a catalogue, and says why', () => {
    const layer = attackLayer(doc, { score: 'phase', sightings: new Map() });
    expect(layer.techniques.every((t) => t.score === undefined)).toBe(true);
    expect(layer.techniques[0]?.comment).toMatch(/tactic unknown: load the ATT&CK catalogue, unscored/);
    expect(layer.versions.attack).toBeUndefined();
  });

  it('scores by phase with the place of the tactic in the matrix order of the catalogue', () => {
    const { catalog } = readAttackBundle(smallAttackBundle());
    const layer = attackLayer(doc, { score: 'phase', sightings: new Map(), catalog });
    expect(layer.techniques.map((t) => [t.techniqueID, t.tactic, t.score])).toEqual([
      ['T1059.001', 'execution', 2],
      ['T1566', 'initial-access', 1],
      ['T1566.002', 'initial-access', 1],
    ]);
  });
});

describe('navigatorLayerSchema', () => {
  it('refuses what the layer format does not allow', () => {
    const layer = attackLayer(doc, { score: 'events', sightings });
    expect(navigatorLayerSchema.safeParse({ ...layer, domain: 'mitre-enterprise' }).success).toBe(false);
    expect(navigatorLayerSchema.safeParse({ ...layer, name: undefined }).success).toBe(false);
    expect(
      navigatorLayerSchema.safeParse({ ...layer, versions: { ...layer.versions, layer: '4.4' } }).success,
    ).toBe(false);
    expect(
      navigatorLayerSchema.safeParse({ ...layer, techniques: [{ techniqueID: 'T1', score: 1 }] }).success,
    ).toBe(false);
    expect(
      navigatorLayerSchema.safeParse({ ...layer, gradient: { ...layer.gradient, maxValue: 0 } }).success,
    ).toBe(false);
    expect(navigatorLayerSchema.safeParse({ ...layer, techniqueID: 'T1059' }).success).toBe(false);
  });
});
