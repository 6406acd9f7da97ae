/**
 * Reads a report template folder into the branding of the HTML and PDF reports (`ReportBranding`) and a default
 * classification. The folder holds:
 * - `template.json` (required): `{ "organization", "colors": { "primary", "accent" }, "classification", "footer" }`,
 *   every key optional, no other key allowed;
 * - `logo.svg` or `logo.png` (optional, at most 1 MiB, not both);
 * - `report.css` (optional): CSS added after the built-in stylesheet;
 * - `layout.html` (optional): a whole HTML document with slots (`LAYOUT_SLOTS` in core/report-branding.ts).
 * Every problem is reported with the file it is in, and what to change.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../core/errors.js';
import {
  colourProblem,
  cssProblems,
  type LogoMediaType,
  layoutProblems,
  MAX_CSS_CHARS,
  MAX_LAYOUT_CHARS,
  MAX_LOGO_BYTES,
  type ReportBranding,
} from '../core/report-branding.js';
import { readLimitedFile, readTextFile } from './read-text-file.js';

/** A template read from a folder: the branding, and the classification to use when none is given. */
export interface ReportTemplate {
  readonly branding: ReportBranding;
  readonly classification?: string;
}

/** The files of a template folder. */
export const TEMPLATE_FILES = {
  settings: 'template.json',
  logos: ['logo.svg', 'logo.png'],
  css: 'report.css',
  layout: 'layout.html',
} as const;

const MAX_SETTINGS_BYTES = 64 * 1024;
const text = (max: number) => z.string().trim().min(1).max(max);
const settingsSchema = z.strictObject({
  organization: text(200).optional(),
  colors: z.strictObject({ primary: z.string().optional(), accent: z.string().optional() }).optional(),
  classification: text(100).optional(),
  footer: text(300).optional(),
});

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function invalid(file: string, problems: readonly string[]): DomainError {
  return new DomainError('invalid_input', `${file}: ${problems.join('; ')}`, { file, problems });
}

async function readSettings(dir: string): Promise<z.infer<typeof settingsSchema>> {
  const file = join(dir, TEMPLATE_FILES.settings);
  if (!(await exists(file)))
    throw new DomainError(
      'file_unreadable',
      `${file}: no such file; a template folder needs a template.json (it may be just {})`,
    );
  const source = await readTextFile(file, file, MAX_SETTINGS_BYTES, 'template.json');
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw invalid(file, [`not valid JSON (${(error as Error).message})`]);
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
      if (issue.code === 'unrecognized_keys')
        return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: organization, colors (primary, accent), classification, footer`;
      return `${where}${issue.message}`;
    });
    throw invalid(file, problems);
  }
  const colourProblems = Object.entries(parsed.data.colors ?? {}).flatMap(([name, value]) => {
    const problem = value === undefined ? undefined : colourProblem(name, value);
    return problem === undefined ? [] : [`colors.${problem.replace(/^colour /, '')}`];
  });
  if (colourProblems.length > 0) throw invalid(file, colourProblems);
  return parsed.data;
}

async function readLogo(dir: string): Promise<ReportBranding['logo']> {
  const present: string[] = [];
  for (const name of TEMPLATE_FILES.logos) if (await exists(join(dir, name))) present.push(name);
  if (present.length > 1)
    throw invalid(join(dir, 'logo.*'), ['both logo.svg and logo.png are present; keep one']);
  const name = present[0];
  if (name === undefined) return undefined;
  const file = join(dir, name);
  const bytes = await readLimitedFile(file, file, MAX_LOGO_BYTES, 'a logo');
  const mediaType: LogoMediaType = name.endsWith('.png') ? 'image/png' : 'image/svg+xml';
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (mediaType === 'image/png' && !png) throw invalid(file, ['not a PNG image (wrong signature)']);
  if (mediaType === 'image/svg+xml' && !/<svg[\s>]/.test(bytes.toString('utf8')))
    throw invalid(file, ['not an SVG image (no <svg> element)']);
  return { mediaType, base64: bytes.toString('base64') };
}

async function readOptionalText(
  dir: string,
  name: string,
  maxChars: number,
  check: (text: string) => string[],
): Promise<string | undefined> {
  const file = join(dir, name);
  if (!(await exists(file))) return undefined;
  const content = await readTextFile(file, file, maxChars * 4, name);
  const problems = check(content);
  if (problems.length > 0) throw invalid(file, problems);
  return content;
}

/** Reads the template folder `dir`; throws `file_unreadable`, `too_large` or `invalid_input` naming the file. */
export async function readReportTemplate(dir: string): Promise<ReportTemplate> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory())
    throw new DomainError(
      'file_unreadable',
      `template folder ${dir} ${info === undefined ? 'does not exist' : 'is not a folder'}; give the folder holding template.json`,
    );
  const settings = await readSettings(dir);
  const logo = await readLogo(dir);
  const css = await readOptionalText(dir, TEMPLATE_FILES.css, MAX_CSS_CHARS, cssProblems);
  const layout = await readOptionalText(dir, TEMPLATE_FILES.layout, MAX_LAYOUT_CHARS, layoutProblems);
  const colors =
    settings.colors === undefined
      ? undefined
      : {
          ...(settings.colors.primary === undefined ? {} : { primary: settings.colors.primary }),
          ...(settings.colors.accent === undefined ? {} : { accent: settings.colors.accent }),
        };
  const branding: ReportBranding = {
    ...(settings.organization === undefined ? {} : { organization: settings.organization }),
    ...(logo === undefined ? {} : { logo }),
    ...(colors === undefined ? {} : { colors }),
    ...(css === undefined ? {} : { css }),
    ...(settings.footer === undefined ? {} : { footer: settings.footer }),
    ...(layout === undefined ? {} : { layout }),
  };
  return {
    branding,
    ...(settings.classification === undefined ? {} : { classification: settings.classification }),
  };
}
