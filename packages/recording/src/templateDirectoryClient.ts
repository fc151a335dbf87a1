// Client of the relay's permission template directory (/templates/v1), environment-free like the archive
// client whose signing and error handling it reuses: the caller passes `fetch`. Admins publish and list;
// a technician fetches the one template its certificate names (the console sends it as policy.template).
// The relay checked the root signature on publish, and the agent checks it again: this client only checks
// the shape and that the answer is the template that was asked for.
import type { TechnicianCertificate } from '@tether/crypto';
import { TetherError } from '@tether/protocol';
import { ArchiveHttpClient, type FetchLike } from './archiveHttpClient';
import { permissionTemplateProblem, type PermissionTemplate } from './permissionTemplate';

export const TEMPLATE_API_PREFIX = '/templates/v1';

export type TemplateDirectoryCredentials =
  | { kind: 'technician'; certificate: TechnicianCertificate; secretKey: Uint8Array }
  | { kind: 'admin'; secretKey: Uint8Array };

function checked(value: unknown, id?: string): PermissionTemplate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TetherError('E_MALFORMED', 'the relay answered something other than a template');
  const problem = permissionTemplateProblem(value as Record<string, unknown>);
  if (problem) throw new TetherError('E_MALFORMED', `the relay answered a bad template: ${problem}`);
  const template = value as PermissionTemplate;
  if (id !== undefined && template.id !== id) throw new TetherError('E_MALFORMED', `asked for template "${id}", the relay answered "${template.id}"`);
  return template;
}

export class TemplateDirectoryClient {
  private readonly http: ArchiveHttpClient;

  constructor(relayHttpUrl: string, credentials: TemplateDirectoryCredentials, fetchImpl: FetchLike, now: () => number = Date.now) {
    this.http = new ArchiveHttpClient(relayHttpUrl, credentials, fetchImpl, now);
  }

  /** Admin: publishes a signed template (the relay verifies it); resolves with what it stored. */
  async publish(template: PermissionTemplate): Promise<PermissionTemplate> {
    const answer = await this.http.request('PUT', `${TEMPLATE_API_PREFIX}/${encodeURIComponent(template.id)}`, template);
    return checked(await answer.json(), template.id);
  }

  /** The template with this id, or undefined when none is published (HTTP 404). */
  async fetch(id: string): Promise<PermissionTemplate | undefined> {
    try {
      return checked(await (await this.http.request('GET', `${TEMPLATE_API_PREFIX}/${encodeURIComponent(id)}`)).json(), id);
    } catch (error) {
      if (error instanceof TetherError && (error as TetherError & { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  /** Admin: every template published for the admin's organisation. */
  async list(): Promise<PermissionTemplate[]> {
    const answer = (await (await this.http.request('GET', TEMPLATE_API_PREFIX)).json()) as { templates?: unknown };
    if (!Array.isArray(answer?.templates)) throw new TetherError('E_MALFORMED', 'the relay answered no template list');
    return answer.templates.map((t) => checked(t));
  }
}

/**
 * The template the technician's certificate names, fetched from the relay's directory: undefined when the
 * certificate names none (nothing is fetched) or the directory has none under that id (the agent will then
 * refuse consent and say which template is missing). Other failures (auth, network) reject.
 */
export async function fetchTechnicianTemplate(
  relayHttpUrl: string,
  identity: { certificate: TechnicianCertificate; secretKey: Uint8Array },
  fetchImpl: FetchLike,
  now: () => number = Date.now,
): Promise<PermissionTemplate | undefined> {
  const id = identity.certificate.template;
  if (id === undefined) return undefined;
  return new TemplateDirectoryClient(relayHttpUrl, { kind: 'technician', ...identity }, fetchImpl, now).fetch(id);
}
