// Builds the program into dist/: one ESM bundle of our code, with npm packages left as imports, then the web
// application (src/web, Vite) into dist/web. Runs on `npm install` (prepare), `npm start` (prestart) and `npm test`;
// takes a few seconds.
import { build } from 'esbuild';

try {
  await build({
    // The workers are their own entries: ingest starts them as worker threads (src/services/*-worker.ts).
    entryPoints: {
      debrief: 'src/cli/bin.ts',
      'parse-worker': 'src/services/parse-worker.ts',
      'scan-worker': 'src/services/scan-worker.ts',
    },
    outdir: 'dist',
    // Code splitting keeps rarely used parts (server, database drivers) out of start-up: they load on use.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
} catch {
  // esbuild has already printed each error with its file and line.
  process.exit(1);
}

try {
  const { build: buildWeb } = await import('vite');
  await buildWeb({ configFile: 'vite.config.ts', logLevel: 'warn' });
} catch (error) {
  // Vite has printed the error with its file and line; say which step failed.
  console.error(`web application build failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
