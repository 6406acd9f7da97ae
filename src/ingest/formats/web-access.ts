/**
 * Apache and Nginx access logs (Common Log Format, Combined, with an optional virtual host in front and
 * trailing fields after): one event per line. Decoding and meaning: src/core/normalize-web-access.ts.
 */
import { normalizeAccess, parseAccessLine } from '../../core/normalize-web-access.js';
import { readLines, reject, tooLong } from '../lines.js';
import type { FormatParser } from '../types.js';
import { sampleLines, shareOf } from './syslog.js';

/** Web access logs: Common and Combined Log Format. */
export const webAccessParser: FormatParser = {
  name: 'web-access',
  description:
    'Apache/Nginx access logs (Common and Combined Log Format, optional vhost and trailing fields)',
  detect(sample) {
    return shareOf(sampleLines(sample), (line) => parseAccessLine(line, 'UTC').ok) >= 0.6 ? 0.7 : 0;
  },
  async *parse(content, context) {
    const max = context.limits.maxRecordBytes;
    for await (const line of readLines(content, max)) {
      if (line.tooLong) {
        yield tooLong(line, max);
        continue;
      }
      if (line.text.trim() === '') continue;
      const parsed = parseAccessLine(line.text, context.zone);
      yield parsed.ok
        ? { ok: true, event: normalizeAccess(parsed.value), where: line.where }
        : reject(line.where, parsed.reason, line.text);
    }
  },
};
