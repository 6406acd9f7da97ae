/**
 * Section 5 of the Markdown report, root cause analysis: root causes, contributing factors, 5 Whys (nested
 * lists and a Mermaid flowchart), the fishbone (a Mermaid flowchart and a list per category), FMEA sorted by
 * RPN, vulnerabilities, failed controls, the ATT&CK mapping and patient zero.
 */

import { attackPath } from './attack-path.js';
import { fishboneTree, fiveWhysTree } from './diagram-exports.js';
import { actionPriority, RATING_GUIDE, rpn, sortFmea } from './fmea.js';
import { cellText, codeSpan, inlineText, link, listItemText, table } from './markdown-escape.js';
import { type FlowchartEdge, type FlowchartNode, flowchart } from './mermaid.js';
import type { FishboneSubCause, FiveWhys, FmeaScores, Why } from './model-analysis.js';
import {
  addressedByText,
  blocks,
  diagramAnchor,
  emptyNote,
  field,
  idList,
  instantText,
  linksText,
  personText,
  type ReportContext,
} from './report-markdown-common.js';

/** Most nodes a diagram draws; beyond that the lists carry the analysis and the diagram is left out. */
const MAX_DIAGRAM_NODES = 100;
const ROOT_CAUSE_STYLE = { rootCause: 'stroke:#c62828,stroke-width:3px' } as const;
const CATEGORY_STYLE = { category: 'font-weight:bold,stroke-width:2px' } as const;

function tooBig(count: number): string {
  return `_Diagram left out: ${count} nodes are more than a diagram can show legibly (${MAX_DIAGRAM_NODES}); the list above is complete._`;
}

function rootCauses(ctx: ReportContext): string {
  const { rootCauses: causes, contributingFactors } = ctx.doc.analysis;
  if (causes.length === 0) return emptyNote('root causes', 'analysis.rootCauses');
  const factors = new Map(contributingFactors.map((f) => [f.id, f]));
  return causes
    .map((rc) => {
      const lines = [`- ${codeSpan(rc.id)} **${rc.category}**: ${listItemText(rc.statement, 2)}`];
      for (const id of rc.factors) {
        const factor = factors.get(id);
        lines.push(
          factor === undefined
            ? `  - Contributing factor ${codeSpan(id)}`
            : `  - Contributing factor ${codeSpan(id)} (${factor.category}): ${listItemText(factor.description, 4)}`,
        );
      }
      const links = linksText(rc);
      if (links !== '') lines.push(`  - ${links}`);
      lines.push(`  - Addressed by: ${addressedByText(ctx, rc.id)}`);
      return lines.join('\n');
    })
    .join('\n');
}

function contributingFactors(ctx: ReportContext): string {
  const list = ctx.doc.analysis.contributingFactors;
  if (list.length === 0) return emptyNote('contributing factors', 'analysis.contributingFactors');
  return table(
    ['Id', 'Category', 'Description', 'Evidence and timeline', 'Addressed by'],
    list.map((f) => [
      codeSpan(f.id, 'table'),
      f.category,
      cellText(f.description),
      linksText(f) || '—',
      addressedByText(ctx, f.id),
    ]),
  );
}

function whyLines(whys: readonly Why[], depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  for (const why of whys) {
    let line = `${indent}- ${listItemText(why.answer, indent.length + 2)} ${codeSpan(why.id)}`;
    if (why.whys.length === 0) line += ` — **root cause** (${why.category ?? 'no category'})`;
    const links = linksText(why);
    if (links !== '') line += ` — ${links}`;
    lines.push(line);
    whyLines(why.whys, depth + 1, lines);
  }
}

/** The 5 Whys tree as a top-down flowchart: the problem, then each answer; leaves are the root causes. */
export function fiveWhysFlowchart(analysis: FiveWhys): { source: string; nodes: number } {
  const nodes: FlowchartNode[] = [{ key: analysis.id, label: analysis.problem, shape: 'stadium' }];
  const edges: FlowchartEdge[] = [];
  const walk = (whys: readonly Why[], parent: string): void => {
    for (const why of whys) {
      const leaf = why.whys.length === 0;
      nodes.push({
        key: why.id,
        label: leaf ? `Root cause (${why.category ?? 'no category'}): ${why.answer}` : why.answer,
        ...(leaf ? { className: 'rootCause' } : {}),
      });
      edges.push({ from: parent, to: why.id });
      walk(why.whys, why.id);
    }
  };
  walk(analysis.whys, analysis.id);
  return {
    source: flowchart({ direction: 'TD', nodes, edges, classes: ROOT_CAUSE_STYLE }),
    nodes: nodes.length,
  };
}

function fiveWhys(ctx: ReportContext): string {
  const analyses = ctx.doc.analysis.fiveWhys;
  if (analyses.length === 0) return emptyNote('5 Whys analyses', 'analysis.fiveWhys');
  return blocks(
    ...analyses.map((analysis) => {
      const lines: string[] = [];
      whyLines(analysis.whys, 0, lines);
      const diagram = fiveWhysFlowchart(analysis);
      return blocks(
        `#### ${codeSpan(analysis.id)} ${inlineText(analysis.problem)}`,
        lines.length === 0 ? emptyNote('answers', 'whys') : lines.join('\n'),
        lines.length === 0
          ? undefined
          : diagram.nodes > MAX_DIAGRAM_NODES
            ? tooBig(diagram.nodes)
            : diagramAnchor(ctx, {
                kind: 'five-whys',
                title: `${analysis.id}: ${analysis.problem}`,
                tree: fiveWhysTree(analysis),
                mermaid: diagram.source,
              }),
      );
    }),
  );
}

/** The fishbone's categories: the configured ones, then any a cause names that is not configured. */
function fishboneCategories(ctx: ReportContext): string[] {
  const { fishbone } = ctx.doc.analysis;
  const categories = [...fishbone.categories];
  for (const cause of fishbone.causes)
    if (!categories.includes(cause.category)) categories.push(cause.category);
  return categories;
}

/**
 * The fishbone as a left-to-right flowchart: causes point at their category, sub-causes at their parent and
 * categories at the effect, so the effect (the head of the fish) ends up on the right.
 */
export function fishboneFlowchart(ctx: ReportContext): { source: string; nodes: number } {
  const { fishbone } = ctx.doc.analysis;
  const effect = '@effect';
  const nodes: FlowchartNode[] = [
    { key: effect, label: fishbone.problem ?? ctx.doc.title, shape: 'hexagon' },
  ];
  const edges: FlowchartEdge[] = [];
  for (const category of fishboneCategories(ctx)) {
    nodes.push({ key: `@category:${category}`, label: category, shape: 'stadium', className: 'category' });
    edges.push({ from: `@category:${category}`, to: effect });
  }
  const sub = (causes: readonly FishboneSubCause[], parent: string): void => {
    for (const cause of causes) {
      nodes.push({ key: cause.id, label: cause.text, shape: 'rounded' });
      edges.push({ from: cause.id, to: parent });
      sub(cause.causes, cause.id);
    }
  };
  for (const cause of fishbone.causes) {
    nodes.push({ key: cause.id, label: cause.text });
    edges.push({ from: cause.id, to: `@category:${cause.category}` });
    sub(cause.causes, cause.id);
  }
  return {
    source: flowchart({ direction: 'LR', nodes, edges, classes: CATEGORY_STYLE }),
    nodes: nodes.length,
  };
}

function subCauseLines(causes: readonly FishboneSubCause[], depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  for (const cause of causes) {
    const links = linksText(cause);
    lines.push(
      `${indent}- ${listItemText(cause.text, indent.length + 2)} ${codeSpan(cause.id)}${links === '' ? '' : ` — ${links}`}`,
    );
    subCauseLines(cause.causes, depth + 1, lines);
  }
}

function fishbone(ctx: ReportContext): string {
  const { fishbone: fish } = ctx.doc.analysis;
  if (fish.causes.length === 0) return emptyNote('fishbone causes', 'analysis.fishbone.causes');
  const effect = fish.problem ?? ctx.doc.title;
  const lines: string[] = [];
  for (const category of fishboneCategories(ctx)) {
    lines.push(`- **${inlineText(category)}**`);
    const causes = fish.causes.filter((c) => c.category === category);
    if (causes.length === 0) lines.push('  - _no causes recorded_');
    for (const cause of causes) {
      const links = linksText(cause);
      lines.push(
        `  - ${listItemText(cause.text, 4)} ${codeSpan(cause.id)}${links === '' ? '' : ` — ${links}`}`,
      );
      subCauseLines(cause.causes, 2, lines);
    }
  }
  const diagram = fishboneFlowchart(ctx);
  return blocks(
    `Effect: **${inlineText(effect)}**`,
    diagram.nodes > MAX_DIAGRAM_NODES
      ? tooBig(diagram.nodes)
      : diagramAnchor(ctx, {
          kind: 'fishbone',
          title: effect,
          tree: fishboneTree(ctx.doc),
          mermaid: diagram.source,
        }),
    lines.join('\n'),
  );
}

function fmea(ctx: ReportContext): string {
  const rows = ctx.doc.analysis.fmea;
  if (rows.length === 0) return emptyNote('FMEA rows', 'analysis.fmea');
  const scores = (s: FmeaScores): string => `${s.severity} × ${s.occurrence} × ${s.detection}`;
  return blocks(
    '_Sorted by risk priority number (RPN = severity × occurrence × detection, each rated 1 to 10), highest first. Priority weighs severity first: high must be acted on, medium acted on or justified._',
    table(
      [
        'Id',
        'Function',
        'Failure mode',
        'Effect',
        'Cause',
        'Current controls',
        'S × O × D',
        'RPN',
        'Priority',
        'Re-scored S × O × D',
        'RPN after',
        'Reduction',
        'Addressed by',
      ],
      sortFmea(rows).map((row) => {
        const before = rpn(row);
        const after = row.rescored === undefined ? undefined : rpn(row.rescored);
        const reduction =
          after === undefined
            ? '—'
            : `${before - after} (${Math.round(((before - after) / before) * 100)} %)`;
        return [
          codeSpan(row.id, 'table'),
          cellText(row.function),
          cellText(row.failureMode),
          cellText(row.effect),
          cellText(row.cause),
          row.controls === undefined ? '—' : cellText(row.controls),
          scores(row),
          `**${before}**`,
          actionPriority(row),
          row.rescored === undefined ? 'not re-scored' : scores(row.rescored),
          after === undefined ? '—' : String(after),
          reduction,
          addressedByText(ctx, row.id),
        ];
      }),
    ),
    '_Rating scale:_',
    table(
      ['Rating', 'Severity', 'Occurrence', 'Detection'],
      RATING_GUIDE.severity.map((_, i) => [
        String(i + 1),
        cellText(RATING_GUIDE.severity[i] ?? ''),
        cellText(RATING_GUIDE.occurrence[i] ?? ''),
        cellText(RATING_GUIDE.detection[i] ?? ''),
      ]),
    ),
  );
}

function cveLink(cve: string): string {
  return link(cve, `https://nvd.nist.gov/vuln/detail/${cve}`, 'table');
}

function vulnerabilities(ctx: ReportContext): string {
  const list = ctx.doc.analysis.vulnerabilities;
  if (list.length === 0) return emptyNote('exploited vulnerabilities', 'analysis.vulnerabilities');
  return table(
    ['Id', 'CVE', 'Title', 'Component', 'CVSS', 'Evidence', 'Addressed by'],
    list.map((v) => [
      codeSpan(v.id, 'table'),
      v.cve === undefined ? 'no CVE' : cveLink(v.cve),
      cellText(v.title),
      v.component === undefined ? '—' : cellText(v.component),
      v.cvss === undefined ? '—' : v.cvss.toFixed(1),
      idList(v.evidence),
      addressedByText(ctx, v.id),
    ]),
  );
}

function failedControls(ctx: ReportContext): string {
  const list = ctx.doc.analysis.failedControls;
  if (list.length === 0) return emptyNote('failed controls', 'analysis.failedControls');
  return table(
    ['Id', 'Control', 'Framework', 'Reference', 'What failed', 'Evidence', 'Addressed by'],
    list.map((c) => [
      codeSpan(c.id, 'table'),
      cellText(c.name),
      c.framework === undefined ? '—' : cellText(c.framework),
      c.reference === undefined ? '—' : cellText(c.reference),
      c.description === undefined ? '—' : cellText(c.description),
      idList(c.evidence),
      addressedByText(ctx, c.id),
    ]),
  );
}

/** A link to the technique's page on attack.mitre.org (`T1566.002` → `/techniques/T1566/002/`). */
function techniqueLink(id: string): string {
  return link(id, `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`, 'table');
}

function attack(ctx: ReportContext): string {
  const { vector, initialAccess, techniques } = ctx.doc.analysis.attack;
  if (vector === undefined && initialAccess === undefined && techniques.length === 0) {
    return emptyNote('ATT&CK mapping', 'analysis.attack', 'it');
  }
  const initialName = techniques.find((t) => t.id === initialAccess)?.name;
  const facts = [
    field('Attack vector', vector === undefined ? 'not recorded' : listItemText(vector, 2)),
    field(
      'Initial access',
      initialAccess === undefined
        ? 'not recorded'
        : `${techniqueLink(initialAccess)}${initialName === undefined ? '' : ` ${inlineText(initialName)}`}`,
    ),
  ].join('\n');
  const list =
    techniques.length === 0
      ? emptyNote('ATT&CK techniques', 'analysis.attack.techniques')
      : table(
          ['Technique', 'Name', 'Tactic', 'Seen in timeline'],
          techniques.map((t) => [
            techniqueLink(t.id),
            t.name === undefined ? '—' : cellText(t.name),
            t.tactic === undefined ? '—' : cellText(t.tactic),
            idList(t.timeline),
          ]),
        );
  const path = attackPath(ctx.doc);
  const names = new Map(techniques.map((t) => [t.id, t]));
  const diagram =
    path.steps.length === 0
      ? undefined
      : diagramAnchor(ctx, {
          kind: 'attack-path',
          title: 'Attack path (first occurrence of each technique)',
          steps: path.steps.map((step) => {
            const known = names.get(step.technique);
            const name = step.name ?? known?.name;
            const tactics = step.tactics.length > 0 ? step.tactics : known?.tactic ? [known.tactic] : [];
            return {
              technique: step.technique,
              at: step.at,
              tactics,
              ...(name === undefined ? {} : { name }),
            };
          }),
        });
  return blocks(facts, list, diagram);
}

function patientZero(ctx: ReportContext): string {
  const pz = ctx.doc.analysis.patientZero;
  if (pz === undefined) return emptyNote('patient zero', 'analysis.patientZero', 'it');
  const lines = [
    field('Host', pz.host === undefined ? 'not recorded' : codeSpan(pz.host)),
    field('User', pz.user === undefined ? 'not recorded' : codeSpan(pz.user)),
    field('First compromised at', pz.at === undefined ? 'not recorded' : instantText(pz.at)),
    field('Justification', listItemText(pz.justification, 2)),
    field('Confirmed by', pz.confirmedBy === undefined ? 'not recorded' : personText(ctx, pz.confirmedBy)),
  ];
  const links = linksText(pz);
  if (links !== '') lines.push(`- ${links}`);
  return lines.join('\n');
}

/** Section 5: root cause analysis. */
export function analysisSection(ctx: ReportContext): string {
  return blocks(
    '## 5. Root cause analysis',
    '### Root causes',
    rootCauses(ctx),
    '### Contributing factors',
    contributingFactors(ctx),
    '### 5 Whys',
    fiveWhys(ctx),
    '### Fishbone (Ishikawa)',
    fishbone(ctx),
    '### FMEA',
    fmea(ctx),
    '### Vulnerabilities',
    vulnerabilities(ctx),
    '### Failed controls',
    failedControls(ctx),
    '### ATT&CK',
    attack(ctx),
    '### Patient zero',
    patientZero(ctx),
  );
}
