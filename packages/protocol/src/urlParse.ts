// URL parsing for the environment-free layer: WHATWG URL exists in Node, browsers and Electron, but the
// common layer's lib (ES2022 only) does not declare it; this file declares the part we use.
declare class URL {
  constructor(input: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly hash: string;
  readonly username: string;
  readonly password: string;
  readonly origin: string;
  toString(): string;
}

export interface ParsedUrl {
  protocol: string;
  hostname: string;
  port: string;
  pathname: string;
  hash: string;
  username: string;
  password: string;
  origin: string;
  href: string;
}

/** Parses an absolute URL; undefined when it is not one. Never throws. */
export function parseUrl(text: string, base?: string): ParsedUrl | undefined {
  try {
    const u = base === undefined ? new URL(text) : new URL(text, base);
    return { protocol: u.protocol, hostname: u.hostname, port: u.port, pathname: u.pathname, hash: u.hash, username: u.username, password: u.password, origin: u.origin, href: u.toString() };
  } catch {
    return undefined;
  }
}
