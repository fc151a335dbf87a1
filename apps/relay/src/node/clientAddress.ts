// The address a connection is rate-limited by. The socket's peer address, unless that peer is one of
// config.trustedProxies: then the rightmost X-Forwarded-For hop that is not itself a trusted proxy.
// A client-supplied X-Forwarded-For from an untrusted peer is ignored, so it cannot dodge the limits.

/** Strips the IPv4-mapped IPv6 prefix so 127.0.0.1 and ::ffff:127.0.0.1 count as one address. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: readonly string[]): string {
  const peer = normaliseAddress(socketAddress ?? 'unknown');
  if (trustedProxies.length === 0) return peer;
  const trusted = new Set(trustedProxies.map(normaliseAddress));
  if (!trusted.has(peer)) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = header.split(',').map(normaliseAddress).filter((hop) => hop.length > 0 && hop.length <= 64);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}
