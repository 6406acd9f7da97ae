/**
 * IP address ranges in CIDR notation, IPv4 and IPv6: parsed once, then tested against addresses. Used by the
 * indicator allow-list and by Sigma's `cidr` modifier.
 */
import { isIpv4 } from './indicator-extraction.js';

/** A parsed range: the address family, the network bits and the prefix length. */
export interface IpRange {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
}

/** The address as a number (IPv4: 32 bits, IPv6: 128 bits), or undefined when it is not an address. */
export function ipToBigInt(text: string): { family: 4 | 6; value: bigint } | undefined {
  const ip = text.trim();
  if (isIpv4(ip))
    return { family: 4, value: ip.split('.').reduce((n, o) => n * 256n + BigInt(Number(o)), 0n) };
  const address = (ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip).split('%')[0] ?? '';
  if (!address.includes(':')) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const [head = '', tail] = halves;
  const groupsOf = (part: string, last: boolean): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    const groups = part.split(':');
    for (const [i, group] of groups.entries()) {
      if (last && i === groups.length - 1 && isIpv4(group)) {
        const v4 = ipToBigInt(group)?.value ?? 0n;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-f]{1,4}$/i.test(group)) out.push(BigInt(Number.parseInt(group, 16)));
      else return undefined;
    }
    return out;
  };
  const left = groupsOf(head, tail === undefined);
  const right = tail === undefined ? [] : groupsOf(tail, true);
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...left, ...Array<bigint>(missing).fill(0n), ...right];
  return { family: 6, value: groups.reduce((n, g) => (n << 16n) | g, 0n) };
}

/** Parses `10.0.0.0/8`, `fe80::/10` or a single address; returns the problem as text when it is not one. */
export function parseIpRange(text: string): IpRange | string {
  const [base = '', bits, extra] = text.trim().split('/');
  if (extra !== undefined) return `"${text}" is not an address range (one "/" at most)`;
  const ip = ipToBigInt(base);
  if (!ip) return `"${text}" is not an IPv4 or IPv6 address or range`;
  const width = ip.family === 4 ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return `"${text}": the prefix length is not a number`;
  const prefix = bits === undefined ? width : Number(bits);
  if (prefix > width) return `"${text}": the prefix length must be 0 to ${width}`;
  const shift = BigInt(width - prefix);
  return { family: ip.family, network: (ip.value >> shift) << shift, prefix };
}

/** True when the address is inside the range (an address of the other family never is). */
export function inIpRange(address: string, range: IpRange): boolean {
  const ip = ipToBigInt(address);
  if (!ip || ip.family !== range.family) return false;
  const shift = BigInt((range.family === 4 ? 32 : 128) - range.prefix);
  return (ip.value >> shift) << shift === range.network;
}
