/** Locations inside the installed Debrief package (the demo, templates), wherever the code runs from. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The folder holding Debrief's package.json, found by walking up from this module (src/ or dist/). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'debrief'
    ) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the Debrief package folder (package.json named "debrief")');
    dir = parent;
  }
}

/** The demo post-mortem shipped in `examples/`. */
export function demoPostMortemPath(): string {
  return join(packageRoot(), 'examples', 'demo-post-mortem.yaml');
}
