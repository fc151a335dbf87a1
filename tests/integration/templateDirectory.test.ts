// The relay's permission template directory over real HTTP on loopback: an admin publishes org-root-signed
// templates, a technician fetches only the one its certificate names, and forged, foreign, expired, older
// and replayed requests are refused with typed errors. Real relay, real fetch, real signatures.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTechnicianKeyPair, issueCertificate, type TechnicianCertificate } from '../../packages/crypto/src/index';
import { TetherError } from '../../packages/protocol/src/index';
import {
  ArchiveHttpClient, TemplateDirectoryClient, encodeAdminKey, fetchTechnicianTemplate, signPermissionTemplate, type FetchLike, type PermissionTemplate, type PermissionTemplateFields,
} from '../../packages/recording/src/index';
import { startRelay, type RunningRelay } from '../../apps/relay/src/node/index';
import { createTemplateDirectory } from '../../apps/relay/src/node/templates/index';
import { ORG, makeOrg, testConfig, type TestOrg } from '../../apps/relay/test/relayFixtures';
import { relayTemplateSource } from '../../apps/console/src/renderer/templateSource';

let folder: string;
let org: TestOrg;
let otherOrg: TestOrg;
let relay: RunningRelay;
const admin = generateTechnicianKeyPair();
const otherAdmin = generateTechnicianKeyPair();
const DAY = 86_400_000;
const fetchImpl: FetchLike = (url, init) => fetch(url, init);

function template(fields: Partial<PermissionTemplateFields> = {}, rootSecretKey?: Uint8Array): PermissionTemplate {
  return signPermissionTemplate(rootSecretKey ?? org.root.secretKey, {
    id: 'helpdesk', name: 'Helpdesk', org: ORG, modes: ['view'], clipboard: false, files: false, maxDurationMs: 600_000, maskTitles: ['password'],
    issuedAt: Date.now() - 1000, notAfter: Date.now() + 90 * DAY, ...fields,
  });
}

function techCert(templateId: string | undefined, serial = `t-${templateId ?? 'none'}`): TechnicianCertificate {
  return issueCertificate(org.root.secretKey, {
    serial, name: 'Ada Example', employeeNo: 'E-1', department: 'Support', org: ORG, techPub: org.tech.publicKey,
    notBefore: Date.now() - 60_000, notAfter: Date.now() + 3_600_000, ...(templateId ? { template: templateId } : {}),
  });
}

const adminDir = (secretKey = admin.secretKey) => new TemplateDirectoryClient(relay.httpUrl, { kind: 'admin', secretKey }, fetchImpl);
const techDir = (cert: TechnicianCertificate) => new TemplateDirectoryClient(relay.httpUrl, { kind: 'technician', certificate: cert, secretKey: org.tech.secretKey }, fetchImpl);

async function failure(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TetherError) return { code: e.code, status: (e as TetherError & { status?: number }).status, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tether-templates-'));
  org = makeOrg();
  otherOrg = makeOrg({ org: 'other-org' });
  const templates = createTemplateDirectory({
    dir: folder,
    organisations: [
      { org: ORG, rootPublicKey: org.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', admin.publicKey)] },
      { org: 'other-org', rootPublicKey: otherOrg.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', otherAdmin.publicKey)] },
    ],
  });
  relay = await startRelay(testConfig(org), { templates });
});

afterAll(async () => {
  await relay?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('template directory', () => {
  it('an admin publishes; the technician whose certificate names it fetches exactly that template', async () => {
    const t = template();
    expect(await adminDir().publish(t)).toEqual(t);
    expect(await fetchTechnicianTemplate(relay.httpUrl, { certificate: techCert('helpdesk'), secretKey: org.tech.secretKey }, fetchImpl)).toEqual(t);
    expect((await adminDir().list()).map((x) => x.id)).toEqual(['helpdesk']);
    expect(await adminDir().fetch('helpdesk')).toEqual(t);
    // the other organisation's admin sees none of it
    expect(await adminDir(otherAdmin.secretKey).list()).toEqual([]);
    expect(await adminDir(otherAdmin.secretKey).fetch('helpdesk')).toBeUndefined();
  });

  it('refuses a template with a bad root signature, and one of another organisation', async () => {
    const forged = template({ id: 'forged', modes: ['view', 'full'] }, otherOrg.root.secretKey);
    expect(await failure(adminDir().publish(forged))).toMatchObject({ code: 'E_AUTH_FAILED', status: 401 });
    const edited = { ...template({ id: 'edited' }), clipboard: true };
    expect(await failure(adminDir().publish(edited))).toMatchObject({ code: 'E_AUTH_FAILED', status: 401 });
    // signed by the other org's own root, but published by our admin: wrong organisation
    const foreign = template({ id: 'foreign', org: 'other-org' }, otherOrg.root.secretKey);
    expect(await failure(adminDir().publish(foreign))).toMatchObject({ code: 'E_CERT_WRONG_ORG', status: 403 });
    expect(await adminDir().fetch('forged')).toBeUndefined();
    expect(await adminDir().fetch('foreign')).toBeUndefined();
  });

  it('refuses expired templates and putting back an older version', async () => {
    const expired = template({ id: 'old-one', issuedAt: Date.now() - 3 * DAY, notAfter: Date.now() - DAY });
    expect(await failure(adminDir().publish(expired))).toMatchObject({ code: 'E_SCOPE_DENIED', status: 403, message: expect.stringMatching(/expired/) });
    const older = template({ id: 'versions', issuedAt: Date.now() - 10 * DAY, modes: ['view', 'full'] });
    const newer = template({ id: 'versions', issuedAt: Date.now() - DAY });
    await adminDir().publish(older);
    await adminDir().publish(newer);
    expect(await failure(adminDir().publish(older))).toMatchObject({ code: 'E_SCOPE_DENIED', message: expect.stringMatching(/newer version/) });
    expect(await adminDir().fetch('versions')).toEqual(newer);
  });

  it("a technician fetches only its own certificate's template, and cannot publish or list", async () => {
    await adminDir().publish(template({ id: 'field-full', modes: ['view', 'full'], clipboard: true, files: true }));
    const helpdeskTech = techDir(techCert('helpdesk'));
    expect(await failure(helpdeskTech.fetch('field-full'))).toMatchObject({ code: 'E_SCOPE_DENIED', status: 403, message: expect.stringMatching(/names template "helpdesk", not "field-full"/) });
    expect(await failure(techDir(techCert(undefined)).fetch('helpdesk'))).toMatchObject({ code: 'E_SCOPE_DENIED', status: 403 });
    expect(await failure(helpdeskTech.list())).toMatchObject({ code: 'E_SCOPE_DENIED' });
    expect(await failure(helpdeskTech.publish(template({ id: 'helpdesk', issuedAt: Date.now() })))).toMatchObject({ code: 'E_SCOPE_DENIED' });
    // a certificate naming no template fetches nothing (no request is made)
    let calls = 0;
    const counting: FetchLike = (url, init) => (calls++, fetch(url, init));
    expect(await fetchTechnicianTemplate(relay.httpUrl, { certificate: techCert(undefined), secretKey: org.tech.secretKey }, counting)).toBeUndefined();
    expect(calls).toBe(0);
    // a certificate naming a template that is not published: undefined (the agent then refuses consent)
    expect(await fetchTechnicianTemplate(relay.httpUrl, { certificate: techCert('unpublished'), secretKey: org.tech.secretKey }, fetchImpl)).toBeUndefined();
    // a certificate signed by another root is refused outright
    const stranger = issueCertificate(otherOrg.root.secretKey, { ...techCert('helpdesk'), techPub: org.tech.publicKey });
    expect(await failure(techDir(stranger).fetch('helpdesk'))).toMatchObject({ code: 'E_CERT_BAD_SIGNATURE', status: 401 });
  });

  it('refuses a replayed signed request', async () => {
    let captured: { url: string; init: Parameters<FetchLike>[1] } | undefined;
    const recording: FetchLike = (url, init) => {
      captured = { url, init };
      return fetch(url, init);
    };
    const client = new TemplateDirectoryClient(relay.httpUrl, { kind: 'technician', certificate: techCert('helpdesk'), secretKey: org.tech.secretKey }, recording);
    expect((await client.fetch('helpdesk'))?.id).toBe('helpdesk');
    const again = await fetch(captured!.url, captured!.init);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ code: 'E_REPLAY' });
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers CORS preflights and refuses unsigned and malformed requests', async () => {
    const preflight = await fetch(`${relay.httpUrl}/templates/v1/helpdesk`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-tether-signature/);
    const unsigned = await fetch(`${relay.httpUrl}/templates/v1/helpdesk`);
    expect(unsigned.status).toBe(401);
    expect(await failure(adminDir().fetch('bad id!'))).toMatchObject({ code: 'E_MALFORMED', status: 400 });
    const raw = new ArchiveHttpClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey }, fetchImpl);
    expect(await failure(raw.request('PUT', '/templates/v1/path-b', template({ id: 'path-a' })))).toMatchObject({ code: 'E_MALFORMED', message: expect.stringMatching(/path names "path-b"/) });
    expect(await failure(raw.request('PUT', '/templates/v1/path-b', new Uint8Array([1, 2, 3])))).toMatchObject({ code: 'E_MALFORMED', status: 400 });
    // relay health is still served next to the directory
    expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
  });

  it("the console's template source fetches the signed-in technician's template (none without a binding)", async () => {
    await adminDir().publish(template({ id: 'console-t', issuedAt: Date.now() }));
    const source = relayTemplateSource(relay.url, fetchImpl);
    const as = (certificate: TechnicianCertificate) => source({ certificate, secretKey: org.tech.secretKey });
    expect((await as(techCert('console-t')))?.id).toBe('console-t');
    expect(await as(techCert(undefined))).toBeUndefined();
    // a refusal (here: a certificate the relay does not trust) rejects, so the console can show why
    expect(await failure(as(issueCertificate(otherOrg.root.secretKey, { ...techCert('console-t'), techPub: org.tech.publicKey })))).toMatchObject({ code: 'E_CERT_BAD_SIGNATURE' });
  });
});
