/**
 * Helpers to read generated Markdown in tests: a section's text, a table's cells, Mermaid blocks and the
 * edges of a Mermaid flowchart.
 */

/** The text under a heading line, up to the next heading of the same or a higher level. */
export function section(md: string, heading: string): string {
  const level = heading.match(/^#+/)?.[0].length ?? 2;
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => new RegExp(`^#{1,${level}} `).test(line));
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

/** The cells of every table body row (not header or delimiter) in a piece of Markdown. */
export function rows(md: string): string[][] {
  const lines = md.split('\n');
  const isDelimiter = (line: string | undefined): boolean => line?.startsWith('| ---') ?? false;
  return lines
    .filter((line, i) => line.startsWith('| ') && !isDelimiter(line) && !isDelimiter(lines[i + 1]))
    .map((line) =>
      line
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((cell) => cell.trim()),
    );
}

/** The top-level `## ` headings. */
export function h2(md: string): string[] {
  return md.split('\n').filter((line) => line.startsWith('## '));
}

/** The source of each fenced `mermaid` block. */
export function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
}

/** A flowchart's edges as `label --> label` (labels as in the source, `<br>` read as a space). */
export function edgesByLabel(source: string): string[] {
  const labels = new Map<string, string>();
  for (const m of source.matchAll(/^ {2}(n\d+)[[({]+"(.*)"[\])}]+$/gm)) {
    labels.set(m[1] ?? '', (m[2] ?? '').replaceAll('<br>', ' '));
  }
  return [...source.matchAll(/^ {2}(n\d+) --> (n\d+)$/gm)].map(
    (m) => `${labels.get(m[1] ?? '')} --> ${labels.get(m[2] ?? '')}`,
  );
}
