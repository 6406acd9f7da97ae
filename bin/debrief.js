#!/usr/bin/env node
// The `debrief` command. The program is built into dist/ by `npm install` (the prepare script) and `npm start`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/debrief.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'debrief: the program is not built yet; run "npm install" or "npm run build" in the Debrief folder\n',
  );
  process.exit(70);
}
process.setSourceMapsEnabled(true);
await import(entry.href);
