/**
 * Guards against documents nested so deeply that a recursive parser or validator would run out of stack. A
 * stack overflow inside the YAML parser can leave the process unstable, so `nestingBeforeParse` bounds the
 * depth from the raw text before parsing, and `pathDeeperThan` gives the precise place afterwards.
 */
import type { Path } from '../core/check.js';

/** Bounds far above any real post-mortem and far below where the YAML parser's recursion fails (about 700). */
export const PRE_PARSE_LIMITS = { flow: 200, block: 300 } as const;

/**
 * An upper bound of the nesting in YAML or JSON text, without parsing it: block nesting from indentation and
 * compact `- ` / `? ` indicators, flow nesting from brackets outside quoted strings and comments. Returns the
 * 1-based line where a bound is first exceeded, or undefined when the text is within both bounds.
 */
export function lineExceedingNesting(
  text: string,
  limits: { readonly flow: number; readonly block: number } = PRE_PARSE_LIMITS,
): number | undefined {
  let flow = 0;
  let quote: '"' | "'" | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? '';
    if (flow === 0 && quote === undefined) {
      const lead = /^( *)((?:[-?:] +)*)/.exec(line);
      const indicators = (lead?.[2] ?? '').split(/ +/).filter(Boolean).length;
      if ((lead?.[1]?.length ?? 0) + indicators > limits.block) return n + 1;
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote !== undefined) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = undefined;
        }
        continue;
      }
      if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
      if (flow > 0 && (c === '"' || c === "'")) {
        quote = c;
      } else if (c === '[' || c === '{') {
        // In block context a bracket opens a flow collection only where a value starts (`key: [`, `- {`).
        const before = line.slice(0, i).trimEnd();
        if (flow > 0 || before === '' || /[:\-?,]$/.test(before)) {
          flow++;
          if (flow > limits.flow) return n + 1;
        }
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
    }
  }
  return undefined;
}

/**
 * The path to the first value nested `limit` levels deep or more, or undefined. Iterative, so a hostile document
 * cannot overflow the stack here; everything after this check (zod, the semantic checks, renderers) may recurse.
 */
export function pathDeeperThan(root: unknown, limit: number): Path | undefined {
  const stack: { value: unknown; path: Path }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: Path };
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= limit) return path;
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...path, key] });
  }
  return undefined;
}
