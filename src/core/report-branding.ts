/**
 * An organization's branding of the HTML and PDF reports: its name, logo, colours, extra CSS, footer text and,
 * optionally, its own page layout with slots. Read from a template folder by `read-report-template.ts`, or
 * given directly; `checkBranding` validates it either way, so a bad colour or a script in a layout is refused
 * with a message that says what to change.
 */
import { DomainError } from './errors.js';

/** Logo media types a report embeds (as a `data:` URI, so the report fetches nothing). */
export const LOGO_MEDIA_TYPES = ['image/svg+xml', 'image/png'] as const;
export type LogoMediaType = (typeof LOGO_MEDIA_TYPES)[number];

/** The logo, base64-encoded. */
export interface ReportLogo {
  readonly mediaType: LogoMediaType;
  readonly base64: string;
}

/** Biggest logo embedded, in bytes (before base64). */
export const MAX_LOGO_BYTES = 1024 * 1024;
/** Biggest extra stylesheet and layout, in characters. */
export const MAX_CSS_CHARS = 200_000;
export const MAX_LAYOUT_CHARS = 200_000;

/**
 * The slots of a layout, each written `{{name}}` and replaced once. A layout is a whole HTML document, from
 * `<!doctype html>` to `</html>` (see `DEFAULT_LAYOUT` in `report-html.ts`):
 * - `styles`: the head elements, to put inside `<head>`: charset, Content-Security-Policy, `<title>` and the
 *   `<style>` element (the built-in stylesheet, the colours and the extra CSS);
 * - `banner`: the classification banners (top and bottom of the screen and of every printed page), empty without
 *   a classification;
 * - `title`: the title block (logo, organization, `ID — title`, audience);
 * - `meta`: the facts line, the version stamp and the preamble (key facts, references);
 * - `toc`: the table of contents (links to the sections);
 * - `sections`: every section, `<section id>` with its `<h2>`, text and figures;
 * - `footer`: the footer (footer text, organization, generation time).
 * `styles`, `banner` and `sections` are required: without them a report would lose its look, its classification
 * or its content.
 */
export const LAYOUT_SLOTS = ['styles', 'banner', 'title', 'meta', 'toc', 'sections', 'footer'] as const;
export type LayoutSlot = (typeof LAYOUT_SLOTS)[number];
export const REQUIRED_SLOTS: readonly LayoutSlot[] = ['styles', 'banner', 'sections'];

/** How an organization brands its reports; every part is optional. */
export interface ReportBranding {
  /** Shown in the title block and the footer. */
  readonly organization?: string;
  readonly logo?: ReportLogo;
  /** `#rrggbb` colours: `primary` for headings and rules, `accent` for links and highlights. */
  readonly colors?: { readonly primary?: string; readonly accent?: string };
  /** CSS added after the built-in stylesheet (it wins); no `@import`, no `url()` other than `data:`. */
  readonly css?: string;
  /** A line printed at the bottom of the report (and of every PDF page), e.g. a distribution note. */
  readonly footer?: string;
  /** A whole HTML document with `{{slot}}` placeholders (`LAYOUT_SLOTS`); no scripts, no external resources. */
  readonly layout?: string;
}

/** A `#rrggbb` colour. */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const SLOT = /\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g;

/** What is wrong with a colour, or undefined when it is a valid `#rrggbb`. */
export function colourProblem(name: string, value: string): string | undefined {
  return HEX_COLOUR.test(value)
    ? undefined
    : `colour ${name} "${value}" is not a #rrggbb colour (e.g. #1a3f73)`;
}

/** What is wrong with extra CSS: things that would fetch from the network or end the style element. */
export function cssProblems(css: string): string[] {
  const problems: string[] = [];
  if (css.length > MAX_CSS_CHARS)
    problems.push(`the CSS has ${css.length} characters, more than ${MAX_CSS_CHARS}`);
  if (/@import/i.test(css)) problems.push('@import is not allowed: a report loads nothing from outside');
  for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]*)/gi)) {
    if (!/^data:/i.test(match[2]?.trim() ?? ''))
      problems.push(`url(${match[2]}) is not allowed: only data: URLs, a report loads nothing from outside`);
  }
  if (/<\/?style/i.test(css)) problems.push('the CSS may not contain a <style> or </style> tag');
  return problems;
}

/** What is wrong with a layout: unknown or missing slots, scripts, frames, external resources. */
export function layoutProblems(layout: string): string[] {
  const problems: string[] = [];
  if (layout.length > MAX_LAYOUT_CHARS)
    problems.push(`the layout has ${layout.length} characters, more than ${MAX_LAYOUT_CHARS}`);
  if (!/^\s*<!doctype html>/i.test(layout))
    problems.push('the layout must be a whole document starting with <!doctype html>');
  const used = [...layout.matchAll(SLOT)].map((m) => m[1] ?? '');
  for (const name of new Set(used)) {
    if (!(LAYOUT_SLOTS as readonly string[]).includes(name))
      problems.push(
        `unknown slot {{${name}}}; the slots are ${LAYOUT_SLOTS.map((s) => `{{${s}}}`).join(', ')}`,
      );
  }
  for (const slot of REQUIRED_SLOTS)
    if (!used.includes(slot)) problems.push(`the slot {{${slot}}} is missing; it is required`);
  const forbidden: readonly [RegExp, string][] = [
    [/<script/i, '<script> is not allowed: reports run no scripts'],
    [
      /<(iframe|object|embed|frame|base|meta|link)\b/i,
      '<iframe>, <object>, <embed>, <frame>, <base>, <meta> and <link> are not allowed',
    ],
    [
      /\son[a-z]+\s*=/i,
      'event handler attributes (onload=, onclick=…) are not allowed: reports run no scripts',
    ],
    [/javascript:/i, 'javascript: URLs are not allowed'],
    [
      /\s(src|srcset|background|poster|xlink:href)\s*=\s*(?!["']?data:)/i,
      'src= must be a data: URL: a report loads nothing from outside',
    ],
  ];
  for (const [pattern, message] of forbidden) if (pattern.test(layout)) problems.push(message);
  problems.push(...cssProblems(layout).filter((p) => !p.startsWith('the CSS')));
  return problems;
}

/** Checks branding given directly (an API caller, a test); throws `invalid_input` listing every problem. */
export function checkBranding(branding: ReportBranding): ReportBranding {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(branding.colors ?? {})) {
    const problem = typeof value === 'string' ? colourProblem(name, value) : undefined;
    if (problem !== undefined) problems.push(problem);
  }
  if (branding.logo !== undefined) {
    if (!(LOGO_MEDIA_TYPES as readonly string[]).includes(branding.logo.mediaType))
      problems.push(
        `logo media type ${branding.logo.mediaType} is not one of ${LOGO_MEDIA_TYPES.join(', ')}`,
      );
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(branding.logo.base64)) problems.push('the logo is not valid base64');
    if ((branding.logo.base64.length * 3) / 4 > MAX_LOGO_BYTES + 3)
      problems.push(`the logo is larger than ${MAX_LOGO_BYTES} bytes (1 MiB)`);
  }
  if (branding.css !== undefined) problems.push(...cssProblems(branding.css));
  if (branding.layout !== undefined) problems.push(...layoutProblems(branding.layout));
  if (problems.length > 0)
    throw new DomainError('invalid_input', `report branding is not valid: ${problems.join('; ')}`, {
      problems,
    });
  return branding;
}

/** Fills a checked layout's slots in one pass: text put into a slot is never searched for slots again. */
export function fillLayout(layout: string, slots: Readonly<Record<LayoutSlot, string>>): string {
  return layout.replace(SLOT, (whole, name: string) =>
    (LAYOUT_SLOTS as readonly string[]).includes(name) ? slots[name as LayoutSlot] : whole,
  );
}
