import { describe, expect, it } from 'vitest';
import { kindOfLevel, ruleLevel } from './rule-level.js';

describe('ruleLevel', () => {
  it('maps Hayabusa, Chainsaw and Sigma level words, padded or not, to the five rule levels', () => {
    const words = ['crit', 'high', 'med ', 'low ', 'info', 'informational', 'Medium', 'CRITICAL'];
    expect(words.map(ruleLevel)).toEqual([
      'critical',
      'high',
      'medium',
      'low',
      'informational',
      'informational',
      'medium',
      'critical',
    ]);
  });

  it('gives undefined for anything else, including object keys and non-strings', () => {
    expect(['', 'severe', 'toString', '__proto__', 3, null].map(ruleLevel)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('makes informational detections events and low or higher alerts', () => {
    expect([kindOfLevel('informational'), kindOfLevel('low'), kindOfLevel(undefined)]).toEqual([
      'event',
      'alert',
      'event',
    ]);
  });
});
