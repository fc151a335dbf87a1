// The admin view's logic, environment-free: sign in (admin keys or a customer token), search the archive,
// toggle legal hold, and open one session (fetch, open, verify, prepare export and playback). The page
// passes its fetch; keys stay in this object (page memory) and are dropped on sign-out.
import { TetherError } from '@tether/protocol';
import { ArchiveHttpClient, relayHttpOrigin, type FetchLike } from '@tether/recording';
import { checkAdminSecrets, checkCustomerRequest, type AdminPageConfig, type AdminSecrets } from './adminCredentials';
import { buildArchiveQuery, type ArchiveSearchForm } from './archiveQuery';
import { createAdminStores, replaceItem, type AdminStores } from './adminStores';
import { openSessionRecord } from './sessionRecord';

export interface AdminPorts {
  config: AdminPageConfig;
  fetch: FetchLike;
  now?: () => number;
}

const messageOf = (error: unknown): string => (error instanceof TetherError ? (error.detail ?? error.message) : error instanceof Error ? error.message : String(error));
const statusOf = (error: unknown): number | undefined => (error as { status?: number }).status;

/** A relay refusal said in words an admin can act on. */
export function describeArchiveError(error: unknown, what: string): string {
  const status = statusOf(error);
  if (status === 401) return `${what}: the relay does not accept this admin key (is admin.pub in the relay's archive adminKeys?) — ${messageOf(error)}`;
  if (status === 403) return `${what}: not allowed — ${messageOf(error)}`;
  if (status === 404) return `${what}: no such session in this archive`;
  if (status === undefined && !(error instanceof TetherError)) return `${what}: the relay cannot be reached (${messageOf(error)})`;
  return `${what}: ${messageOf(error)}`;
}

export class AdminController {
  readonly stores: AdminStores = createAdminStores();
  private secrets: AdminSecrets | null = null;
  private client: ArchiveHttpClient | null = null;

  constructor(private readonly ports: AdminPorts) {
    this.stores.auth.setState({ org: ports.config.org?.org ?? null });
  }

  private newClient(credentials: ConstructorParameters<typeof ArchiveHttpClient>[1]): ArchiveHttpClient {
    return new ArchiveHttpClient(relayHttpOrigin(this.ports.config.relayUrl), credentials, this.ports.fetch, this.ports.now);
  }

  /** Checks the keys, then lists the archive once: the relay's answer proves the admin key is known. */
  async signInAdmin(adminText: string, archiveText: string): Promise<boolean> {
    const checked = checkAdminSecrets(adminText, archiveText, this.ports.config.org);
    if (!checked.ok) {
      this.stores.auth.setState({ error: checked.error.detail ?? checked.error.message });
      return false;
    }
    this.stores.auth.setState({ busy: true, error: '' });
    const client = this.newClient({ kind: 'admin', secretKey: checked.value.adminSecretKey });
    try {
      const items = await client.list({});
      this.secrets = checked.value;
      this.client = client;
      this.stores.archive.setState({ items, error: '', loading: false });
      this.stores.auth.setState({ mode: 'admin', busy: false, error: '' });
      return true;
    } catch (error) {
      this.stores.auth.setState({ busy: false, error: describeArchiveError(error, 'sign-in failed') });
      return false;
    }
  }

  signOut(): void {
    this.secrets = null;
    this.client = null;
    this.stores.archive.setState({ items: [], loading: false, error: '', holding: [] });
    this.stores.record.setState({ status: 'idle', sessionId: null, record: null, error: '' });
    this.stores.auth.setState({ mode: 'signed-out', busy: false, error: '', customer: { sessionId: '', token: '' } });
  }

  setSearchForm(form: Partial<ArchiveSearchForm>): void {
    this.stores.archive.setState((s) => ({ form: { ...s.form, ...form } }));
  }

  async search(): Promise<void> {
    const client = this.client;
    if (!client || this.stores.auth.getState().mode !== 'admin') return;
    const query = buildArchiveQuery(this.stores.archive.getState().form);
    if (!query.ok) {
      this.stores.archive.setState({ error: query.error.detail ?? query.error.message });
      return;
    }
    this.stores.archive.setState({ loading: true, error: '' });
    try {
      this.stores.archive.setState({ items: await client.list(query.value), loading: false });
    } catch (error) {
      this.stores.archive.setState({ loading: false, error: describeArchiveError(error, 'search failed') });
    }
  }

  async setLegalHold(sessionId: string, hold: boolean): Promise<void> {
    const client = this.client;
    if (!client || this.stores.auth.getState().mode !== 'admin') return;
    this.stores.archive.setState((s) => ({ holding: [...s.holding, sessionId], error: '' }));
    try {
      const item = await client.setHold(sessionId, hold);
      this.stores.archive.setState((s) => ({ items: replaceItem(s.items, item) }));
    } catch (error) {
      this.stores.archive.setState({ error: describeArchiveError(error, `legal hold on ${sessionId}`) });
    } finally {
      this.stores.archive.setState((s) => ({ holding: s.holding.filter((id) => id !== sessionId) }));
    }
  }

  /** Admin: fetches the organisation's copy and opens it with archive.sec. */
  async openSession(sessionId: string): Promise<void> {
    const client = this.client;
    const secrets = this.secrets;
    if (!client || !secrets) return;
    await this.load(sessionId, () => client.fetchBlob(sessionId, 'org'), secrets.archiveSecretKey);
  }

  /** Customer: the token fetches only its own session's customer copy and derives the key that opens it. */
  async openCustomerRecord(sessionId: string, token: string): Promise<boolean> {
    this.stores.auth.setState({ mode: 'customer', error: '', customer: { sessionId, token } });
    const checked = checkCustomerRequest(sessionId, token);
    if (!checked.ok) {
      this.stores.record.setState({ status: 'failed', sessionId: null, record: null, error: checked.error.detail ?? checked.error.message });
      return false;
    }
    const { sessionId: id, token: t, secretKey } = checked.value;
    const client = this.newClient({ kind: 'customer', token: t });
    return this.load(id, () => client.fetchBlob(id), secretKey, 'this token does not open session');
  }

  closeRecord(): void {
    this.stores.record.setState({ status: 'idle', sessionId: null, record: null, error: '' });
  }

  private async load(sessionId: string, fetchSealed: () => Promise<Uint8Array>, secretKey: Uint8Array, notFound?: string): Promise<boolean> {
    this.stores.record.setState({ status: 'loading', sessionId, record: null, error: '' });
    let sealed: Uint8Array;
    try {
      sealed = await fetchSealed();
    } catch (error) {
      const message = notFound && statusOf(error) === 404
        ? `${notFound} ${sessionId}: a customer token opens only the record of its own session`
        : describeArchiveError(error, `cannot fetch ${sessionId}`);
      this.stores.record.setState({ status: 'failed', error: message });
      return false;
    }
    const rootPublicKey = this.ports.config.org?.rootPublicKey;
    const opened = openSessionRecord(sessionId, sealed, secretKey, rootPublicKey ? { rootPublicKey } : {});
    if (!opened.ok) {
      this.stores.record.setState({ status: 'failed', error: opened.error.detail ?? opened.error.message });
      return false;
    }
    this.stores.record.setState({ status: 'open', record: opened.value, error: '' });
    return true;
  }
}
