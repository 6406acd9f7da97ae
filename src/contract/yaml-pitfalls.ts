/**
 * Warnings about YAML that parses, but probably not as its author meant. The one found in practice: in an
 * unquoted value, ` #` starts a comment, so `title: Channel export, #inc-2026-014` silently loses
 * `#inc-2026-014`. A comment that follows a value without a space after `#` looks like content, so it is flagged.
 */
import { type Document, isPair, isScalar, isSeq, type LineCounter, type Node, visit } from 'yaml';

export interface Pitfall {
  readonly path: readonly (string | number)[];
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The document path of a node from the ancestors `visit` passes. */
function pathOf(ancestors: readonly unknown[], node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isPair(parent) && isScalar(parent.key)) path.push(String(parent.key.value));
    else if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
  }
  return path;
}

/** Plain (unquoted) values followed by a comment that looks like part of the value. */
export function yamlPitfalls(doc: Document, lines: LineCounter): Pitfall[] {
  const found: Pitfall[] = [];
  visit(doc, {
    Scalar(_key, node, ancestors) {
      const comment = node.comment;
      if (node.type !== 'PLAIN' || !comment || /^\s/.test(comment)) return;
      const end = node.range?.[1];
      if (end === undefined) return;
      const { line, col } = lines.linePos(end);
      found.push({
        path: pathOf(ancestors, node),
        line,
        column: col,
        message: `the value stops before "#${comment.split('\n')[0]}", which YAML reads as a comment; put the value in quotes if it belongs to the text`,
      });
    },
  });
  return found;
}
