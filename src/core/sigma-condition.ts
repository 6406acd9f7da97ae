/**
 * The Sigma condition language: detection identifiers combined with `and`, `or`, `not` and parentheses, and the
 * quantifiers `1 of PATTERN`, `all of PATTERN`, `1 of them`, `all of them` (`*` in a pattern matches any
 * characters; `them` is every identifier not starting with `_`). Precedence: `not` binds tightest, then `and`,
 * then `or`. Aggregations (`| count() ...`) and `near` belong to correlation rules and are reported as unsupported.
 */
import { type SigmaPredicate, SigmaRuleError } from './sigma-values.js';

/** A parsed condition. */
export type ConditionNode =
  | { readonly t: 'id'; readonly name: string }
  | { readonly t: 'not'; readonly e: ConditionNode }
  | { readonly t: 'and' | 'or'; readonly es: readonly ConditionNode[] }
  | { readonly t: 'of'; readonly quantifier: 'one' | 'all'; readonly names: readonly string[] };

const TOKEN = /\s*(\(|\)|\||[^\s()|]+)/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m = TOKEN.exec(text);
  while (m) {
    out.push(m[1] as string);
    m = TOKEN.exec(text);
  }
  return out;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** Parses a condition against the rule's identifiers; unknown identifiers and syntax errors are rule errors. */
export function parseCondition(text: string, identifiers: readonly string[]): ConditionNode {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const fail = (why: string): never => {
    throw new SigmaRuleError(`condition "${text}": ${why}`);
  };
  const expect = (token: string) => {
    if (peek() !== token) fail(`expected "${token}" at token ${at + 1}, found ${peek() ?? 'the end'}`);
    at++;
  };
  const lower = (t: string | undefined) => t?.toLowerCase();

  const primary = (): ConditionNode => {
    const token = peek();
    if (token === undefined) return fail('ends too early');
    if (token === '(') {
      at++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (token === '|') return fail('aggregations (| count() ...) are correlation rules, not supported');
    const word = token.toLowerCase();
    if (word === 'near') return fail('near is not supported');
    if (lower(tokens[at + 1]) === 'of') {
      const quantifier = word === 'all' ? 'all' : word === '1' || word === 'any' ? 'one' : undefined;
      if (!quantifier) return fail(`"${token} of": only "1 of" and "all of" are defined`);
      at += 2;
      const target = peek();
      if (target === undefined || target === '(' || target === ')')
        return fail(`"${token} of" names nothing`);
      at++;
      const names =
        target === 'them'
          ? identifiers.filter((i) => !i.startsWith('_'))
          : identifiers.filter((i) => globToRegExp(target).test(i));
      if (names.length === 0) fail(`"${token} of ${target}" matches no detection identifier`);
      return { t: 'of', quantifier, names };
    }
    if (['and', 'or', ')'].includes(word)) return fail(`unexpected "${token}" at token ${at + 1}`);
    if (!identifiers.includes(token)) return fail(`"${token}" is not a detection identifier of the rule`);
    at++;
    return { t: 'id', name: token };
  };
  const not = (): ConditionNode => {
    if (lower(peek()) === 'not') {
      at++;
      return { t: 'not', e: not() };
    }
    return primary();
  };
  const and = (): ConditionNode => {
    const es = [not()];
    while (lower(peek()) === 'and') {
      at++;
      es.push(not());
    }
    return es.length === 1 ? (es[0] as ConditionNode) : { t: 'and', es };
  };
  const or = (): ConditionNode => {
    const es = [and()];
    while (lower(peek()) === 'or') {
      at++;
      es.push(and());
    }
    return es.length === 1 ? (es[0] as ConditionNode) : { t: 'or', es };
  };
  const node = or();
  if (at < tokens.length) {
    if (peek() === '|') fail('aggregations (| count() ...) are correlation rules, not supported');
    fail(`unexpected "${peek()}" at token ${at + 1}`);
  }
  return node;
}

/** All of the predicates (loops, not closures per call: evaluation is the hot path of a run). */
export function allOf(ps: readonly SigmaPredicate[]): SigmaPredicate {
  if (ps.length === 1) return ps[0] as SigmaPredicate;
  return (r) => {
    for (const p of ps) if (!p(r)) return false;
    return true;
  };
}

/** Any of the predicates. */
export function anyOf(ps: readonly SigmaPredicate[]): SigmaPredicate {
  if (ps.length === 1) return ps[0] as SigmaPredicate;
  return (r) => {
    for (const p of ps) if (p(r)) return true;
    return false;
  };
}

/** Builds the predicate of a parsed condition from the predicates of the identifiers. */
export function conditionPredicate(
  node: ConditionNode,
  identifiers: ReadonlyMap<string, SigmaPredicate>,
): SigmaPredicate {
  const of = (name: string): SigmaPredicate => {
    const p = identifiers.get(name);
    if (!p) throw new SigmaRuleError(`"${name}" is not a detection identifier of the rule`);
    return p;
  };
  switch (node.t) {
    case 'id':
      return of(node.name);
    case 'not': {
      const inner = conditionPredicate(node.e, identifiers);
      return (r) => !inner(r);
    }
    case 'and':
      return allOf(node.es.map((e) => conditionPredicate(e, identifiers)));
    case 'or':
      return anyOf(node.es.map((e) => conditionPredicate(e, identifiers)));
    case 'of': {
      const es = node.names.map(of);
      return node.quantifier === 'all' ? allOf(es) : anyOf(es);
    }
  }
}
