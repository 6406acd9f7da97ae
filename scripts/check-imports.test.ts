import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource, checkTree } from './check-imports.js';

const src = resolve('/repo/src');
const file = (path: string) => resolve(src, path);

describe('layer import rules', () => {
  it('lets a folder import the layers below it', () => {
    const text = "import { x } from '../core/model.js';\nimport type { Y } from '../contract/api.js';";
    expect(checkSource(src, file('db/thing.ts'), text)).toEqual([]);
  });

  it('refuses an import against the flow (core importing db) and names the allowed layers', () => {
    const violations = checkSource(src, file('core/clocks.ts'), "import { q } from '../db/database.js';");
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toMatch(/core may not import db/);
  });

  it('refuses services importing the server, including dynamic imports', () => {
    const text = "const app = await import('../server/app.js');";
    expect(checkSource(src, file('services/x.ts'), text)[0]?.message).toMatch(
      /services may not import server/,
    );
  });

  it('keeps core pure: no node builtins, no packages, no clock reads', () => {
    const text = [
      "import { readFile } from 'node:fs/promises';",
      "import { Kysely } from 'kysely';",
      'export const t = Date.now();',
      'export const d = new Date();',
      '// Date.now() in a comment is fine',
      'export const ok = new Date(0);',
    ].join('\n');
    const messages = checkSource(src, file('core/x.ts'), text).map((v) => `${v.line}: ${v.message}`);
    expect(messages).toEqual([
      '1: core must stay pure: it may not import node:fs/promises',
      '2: core must stay pure: it may not import kysely',
      '3: Date.now() reads the clock; take `now` as a parameter',
      '4: new Date() reads the clock; take `now` as a parameter',
    ]);
  });

  it('lets tests reach the shared helpers in test/ and other layers, but not production code', () => {
    const text =
      "import { buildPostMortem } from '../../test/factories.js';\nimport { z } from '../contract/api.js';";
    expect(checkSource(src, file('core/clocks.test.ts'), text)).toEqual([]);
    const violations = checkSource(src, file('core/clocks.ts'), text).map((v) => `${v.line}: ${v.message}`);
    expect(violations).toEqual([
      '1: core imports ../../test/factories.js, outside src/',
      '2: core may not import contract (../contract/api.js); allowed: nothing of ours',
    ]);
  });

  it('finds no violation in the real source tree', () => {
    expect(checkTree(resolve('src'))).toEqual([]);
  });
});
