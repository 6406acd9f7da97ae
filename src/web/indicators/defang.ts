/**
 * Defanging: indicator values written so that nobody clicks or resolves them by accident (`hxxps://evil[.]com`,
 * `203.0.113[.]9`, `a[at]evil[.]com`). Every form used here is one Debrief's extractor refangs
 * (docs/indicators.md), so a defanged value copied back into Debrief is read as the indicator.
 */

const dots = (text: string) => text.replaceAll('.', '[.]');

/** The defanged form of an indicator value of a type; hashes, CVE and other ids are returned as they are. */
export function defang(type: string, value: string): string {
  switch (type) {
    case 'ipv4':
    case 'domain':
      return dots(value);
    case 'ipv6':
      return value.replaceAll(':', '[:]');
    case 'email': {
      const at = value.lastIndexOf('@');
      return at < 0 ? dots(value) : `${value.slice(0, at)}[at]${dots(value.slice(at + 1))}`;
    }
    case 'url': {
      const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is.exec(value);
      if (!match) return dots(value);
      const [, scheme = '', host = '', rest = ''] = match;
      const safeScheme = scheme.replace(/^http/i, (h) => (h === 'HTTP' ? 'HXXP' : 'hxxp'));
      return `${safeScheme}[://]${dots(host)}${rest}`;
    }
    default:
      return value;
  }
}
