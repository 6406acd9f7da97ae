/**
 * Enforces the layer rules of STYLE.md: which folder of src/ may import which, and that core stays pure.
 *
 *   core      → nothing of ours; no node:*, no I/O packages, no clock or randomness reads
 *   contract  → core
 *   db        → core, contract
 *   ingest    → core, contract
 *   services  → core, contract, db, ingest
 *   server    → core, contract, db, services
 *   cli       → core, contract, db, services, server
 *   web       → core, contract
 *
 * Run by `npm run lint`; exits 1 listing every violation as `file:line: message`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  contract: ['core'],
  db: ['core', 'contract'],
  ingest: ['core', 'contract'],
  services: ['core', 'contract', 'db', 'ingest'],
  server: ['core', 'contract', 'db', 'services'],
  cli: ['core', 'contract', 'db', 'services', 'server'],
  web: ['core', 'contract'],
};

/** Packages core may import: pure libraries only. */
// ioc-extractor: regular expressions and refanging, no I/O (its CLI, which reads stdin, is not imported).
// markdown-it: a Markdown parser and HTML renderer, pure (report renderers read the section text with it).
const CORE_PACKAGES: readonly string[] = ['ioc-extractor', 'markdown-it'];

/** Reads that make code impure: core takes time and randomness as parameters. */
const CORE_IMPURE: readonly [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now() reads the clock; take `now` as a parameter'],
  [/\bnew Date\(\s*\)/, 'new Date() reads the clock; take `now` as a parameter'],
  [/\bMath\.random\s*\(/, 'Math.random() is not deterministic; take randomness as a parameter'],
];
// Node globals (process, Buffer) need no rule here: src/core/tsconfig.json has no Node types, so using one in
// core fails to compile.

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function layerOf(srcRoot: string, file: string): string | undefined {
  const rel = relative(srcRoot, file);
  if (rel.startsWith('..')) return undefined;
  return rel.split(sep)[0];
}

/** Checks one source file's text; `file` is its absolute path under `srcRoot`. */
export function checkSource(srcRoot: string, file: string, text: string): Violation[] {
  const layer = layerOf(srcRoot, file);
  if (layer === undefined || !(layer in ALLOWED)) return [];
  const isTest = /\.test\.tsx?$/.test(file);
  const violations: Violation[] = [];
  const lineOf = (index: number): number => text.slice(0, index).split('\n').length;
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec === undefined) continue;
    const line = lineOf((match.index ?? 0) + match[0].indexOf(spec));
    // Tests are not shipped: they may use any layer and the shared helpers in test/.
    if (isTest) continue;
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const targetLayer = layerOf(srcRoot, target);
      // The version comes from package.json; nothing else outside src/ may be imported.
      if (targetLayer === undefined) {
        if (!target.endsWith(`${sep}package.json`)) {
          violations.push({ file, line, message: `${layer} imports ${spec}, outside src/` });
        }
        continue;
      }
      if (targetLayer !== layer && !(ALLOWED[layer] ?? []).includes(targetLayer)) {
        violations.push({
          file,
          line,
          message: `${layer} may not import ${targetLayer} (${spec}); allowed: ${(ALLOWED[layer] ?? []).join(', ') || 'nothing of ours'}`,
        });
      }
    } else if (layer === 'core') {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
      if (spec.startsWith('node:') || !CORE_PACKAGES.includes(pkg)) {
        violations.push({ file, line, message: `core must stay pure: it may not import ${spec}` });
      }
    }
  }
  if (layer === 'core' && !isTest) {
    text.split('\n').forEach((content, i) => {
      const code = content.replace(/\/\/.*$/, '');
      for (const [pattern, message] of CORE_IMPURE) {
        if (pattern.test(code) && !/^\s*\*/.test(code)) violations.push({ file, line: i + 1, message });
      }
    });
  }
  return violations;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Checks every file under `srcRoot`. */
export function checkTree(srcRoot: string): Violation[] {
  return sourceFiles(srcRoot).flatMap((file) => checkSource(srcRoot, file, readFileSync(file, 'utf8')));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  const root = resolve('src');
  const violations = checkTree(root);
  for (const v of violations)
    process.stderr.write(`${relative(process.cwd(), v.file)}:${v.line}: ${v.message}\n`);
  if (violations.length > 0) {
    process.stderr.write(`${violations.length} layer rule violation(s); see STYLE.md\n`);
    process.exit(1);
  }
}
