// The permission template directory under /templates/v1 (mounted on the relay's HTTP server):
//   PUT /templates/v1/:id   admin: publish the org-root-signed template (body = the template JSON)
//   GET /templates/v1/:id   technician: only the id its certificate names; admin: any of its organisation's
//   GET /templates/v1       admin: {templates: [...]} of its organisation
// Requests are signed exactly like the archive API's (archiveRequestAuth.ts: timestamp window, single-use
// nonce, ed25519 by the certified technician key or a configured admin key). Before storing, the relay
// checks the template's shape, organisation, root signature and expiry, that the path names its id, and
// that it is not older than the version already published (an old, looser one cannot be put back).
// Errors are JSON {code, message}; CORS like the archive API, since the browser console fetches here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCertificate } from '@tether/crypto';
import { TEMPLATE_ID_PATTERN, TetherError, fromBase64, utf8Decode } from '@tether/protocol';
import { ARCHIVE_AUTH_HEADERS, verifyPermissionTemplate, type PermissionTemplate } from '@tether/recording';
import type { ArchiveAuthenticator, ArchiveOrganisation } from '../archive/archiveAuth';
import { answerCors, readBody, sendError, sendJson } from '../httpJsonApi';
import type { TemplateStore } from './templateStore';

export const TEMPLATES_PREFIX = '/templates/v1';
/** A template is small (64 rules of 200 characters at most); anything bigger is refused unread. */
const MAX_TEMPLATE_BODY_BYTES = 64 * 1024;

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, PUT, OPTIONS',
  'access-control-allow-headers': ['content-type', ...Object.values(ARCHIVE_AUTH_HEADERS)].join(', '),
};

type Header = string | string[] | undefined;
const first = (value: Header): string | undefined => (Array.isArray(value) ? value[0] : value);

type Caller = { kind: 'admin'; org: ArchiveOrganisation } | { kind: 'technician'; org: ArchiveOrganisation; template: string | undefined };

export class TemplateHttp {
  constructor(
    private readonly store: TemplateStore,
    private readonly auth: ArchiveAuthenticator,
    private readonly organisations: readonly ArchiveOrganisation[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Handles the request when it is a template directory path; returns false otherwise. */
  handles(req: IncomingMessage, res: ServerResponse): boolean {
    const path = req.url ?? '/';
    if (path !== TEMPLATES_PREFIX && !path.startsWith(`${TEMPLATES_PREFIX}/`) && !path.startsWith(`${TEMPLATES_PREFIX}?`)) return false;
    if (answerCors(req, res, CORS_HEADERS)) return true;
    this.route(req, res, path).catch((error: unknown) => {
      sendError(res, error, 'template directory error');
    });
    return true;
  }

  private async route(req: IncomingMessage, res: ServerResponse, fullPath: string): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(fullPath, 'http://templates.invalid');
    const parts = url.pathname.slice(TEMPLATES_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    const body = await readBody(req, MAX_TEMPLATE_BODY_BYTES);
    const caller = this.caller(method, fullPath, req, body);
    if (parts.length === 0 && method === 'GET') {
      if (caller.kind !== 'admin') throw new TetherError('E_SCOPE_DENIED', 'only administrators list templates');
      return sendJson(res, 200, { templates: await this.store.list(caller.org.org) });
    }
    const id = parts[0];
    if (parts.length !== 1 || id === undefined) throw new TetherError('E_UNKNOWN_TYPE', 'no such template endpoint');
    if (!TEMPLATE_ID_PATTERN.test(id)) throw new TetherError('E_MALFORMED', 'template id must be 1-64 of A-Z a-z 0-9 _ -');
    if (method === 'GET') return sendJson(res, 200, await this.fetch(caller, id));
    if (method === 'PUT') return sendJson(res, 200, await this.publish(caller, id, body));
    throw new TetherError('E_UNKNOWN_TYPE', 'no such template endpoint');
  }

  private caller(method: string, path: string, req: IncomingMessage, body: Uint8Array): Caller {
    if (first(req.headers[ARCHIVE_AUTH_HEADERS.customerToken]) !== undefined) throw new TetherError('E_AUTH_FAILED', 'customer tokens do not open the template directory');
    const principal = this.auth.authenticate(method, path, req.headers, body);
    const org = this.organisations.find((o) => principal.kind !== 'customer' && o.org === principal.org);
    if (!org) throw new TetherError('E_AUTH_FAILED', 'unknown organisation');
    if (principal.kind === 'admin') return { kind: 'admin', org };
    // The authenticator verified this very certificate header (chain, dates, revocation, request signature);
    // read the template id it names from it.
    const parsed = parseCertificate(JSON.parse(utf8Decode(fromBase64(first(req.headers[ARCHIVE_AUTH_HEADERS.certificate]) ?? ''))) as unknown);
    if (!parsed.ok) throw new TetherError('E_MALFORMED', parsed.problem);
    return { kind: 'technician', org, template: parsed.cert.template };
  }

  private async fetch(caller: Caller, id: string): Promise<PermissionTemplate> {
    if (caller.kind === 'technician' && caller.template !== id) {
      throw new TetherError('E_SCOPE_DENIED', caller.template === undefined ? 'your certificate names no permission template' : `your certificate names template "${caller.template}", not "${id}"`);
    }
    const template = await this.store.get(caller.org.org, id);
    if (!template) throw new TetherError('E_UNKNOWN_TYPE', `no template "${id}" is published for "${caller.org.org}"`);
    return template;
  }

  private async publish(caller: Caller, id: string, body: Uint8Array): Promise<PermissionTemplate> {
    if (caller.kind !== 'admin') throw new TetherError('E_SCOPE_DENIED', 'only administrators publish templates');
    let value: unknown;
    try {
      value = JSON.parse(utf8Decode(body));
    } catch {
      throw new TetherError('E_MALFORMED', 'the template is not JSON');
    }
    const verified = verifyPermissionTemplate(value, { rootPublicKey: caller.org.rootPublicKey, org: caller.org.org, now: this.now() });
    if (!verified.ok) throw verified.error;
    const template = verified.value;
    if (template.id !== id) throw new TetherError('E_MALFORMED', `the path names "${id}" but the template is "${template.id}"`);
    const current = await this.store.get(template.org, id);
    if (current && current.issuedAt > template.issuedAt) {
      throw new TetherError('E_SCOPE_DENIED', `a newer version of "${id}" is published (issued ${new Date(current.issuedAt).toISOString()}); sign a new one instead of putting an old one back`);
    }
    await this.store.put(template);
    return template;
  }
}
