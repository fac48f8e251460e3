import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address, `::` expanded. */
function ipv6Groups(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const part = (s: string) => (s ? s.split(':') : []);
  const h = part(head);
  const t = tail === undefined ? [] : part(tail);
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * What one client is, for counting: an IPv4 address as it is (an IPv4-mapped IPv6 address too), an IPv6
 * address by its /64 prefix, since one phone is handed a whole /64 and may rotate through it.
 */
export function clientAddressKey(sourceIp: string | undefined): string {
  const ip = (sourceIp ?? '').trim().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(ip)) return ip;
  if (isIPv6(ip) && !ip.includes('.')) return `${ipv6Groups(ip).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/**
 * The client address as it may be stored: a keyed hash (HMAC-SHA256 under a secret pepper, 128 bits kept).
 * A plain hash of an IPv4 address is reversed by hashing all 2^32 of them; without the pepper it cannot be.
 * The raw address is never written anywhere.
 */
export const hashClientAddress = (pepper: string, sourceIp: string | undefined): string =>
  createHmac('sha256', pepper)
    .update(clientAddressKey(sourceIp))
    .digest()
    .subarray(0, 16)
    .toString('base64url');
