// The relay config turns the template directory on (templatesDir) and serves the relay's own organisation
// (root key from rootPublicKey, admin keys from archiveAdminKeys); bad values are E_BAD_ARGUMENT.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTechnicianKeyPair } from '../../packages/crypto/src/index';
import { TetherError } from '../../packages/protocol/src/index';
import { TemplateDirectoryClient, encodeAdminKey, signPermissionTemplate } from '../../packages/recording/src/index';
import { resolveRelayConfig, startRelay, type RunningRelay } from '../../apps/relay/src/node/index';
import { openTemplatesFromConfig } from '../../apps/relay/src/node/templates/index';
import { ORG, makeOrg } from '../../apps/relay/test/relayFixtures';

let folder: string;
let relay: RunningRelay | undefined;
const org = makeOrg();
const admin = generateTechnicianKeyPair();

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tether-templates-config-'));
});
afterAll(async () => {
  await relay?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('templatesDir in the relay config', () => {
  it('is off by default and refuses a directory without an organisation', () => {
    expect(openTemplatesFromConfig(resolveRelayConfig({ org: ORG, rootPublicKey: org.rootPublicKeyText }))).toBeUndefined();
    expect(() => openTemplatesFromConfig(resolveRelayConfig({ templatesDir: join(folder, 'x') }))).toThrow(TetherError);
    expect(() => openTemplatesFromConfig(resolveRelayConfig({ templatesDir: join(folder, 'x'), org: ORG, rootPublicKey: 'tether:root-pub:AAAA' }))).toThrow(/rootPublicKey/);
  });

  it("serves the relay's own organisation with its archive admin keys", async () => {
    const config = resolveRelayConfig({
      port: 0, host: '127.0.0.1', org: ORG, rootPublicKey: org.rootPublicKeyText, templatesDir: join(folder, 'served'),
      archiveAdminKeys: [encodeAdminKey('admin-pub', admin.publicKey)],
    });
    const templates = openTemplatesFromConfig(config);
    expect(templates).toBeDefined();
    relay = await startRelay(config, { templates: templates! });
    const t = signPermissionTemplate(org.root.secretKey, { id: 'helpdesk', name: 'Helpdesk', org: ORG, modes: ['view'], clipboard: false, files: false, maxDurationMs: 600_000, maskTitles: [], issuedAt: Date.now() });
    const client = new TemplateDirectoryClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey }, (url, init) => fetch(url, init));
    await client.publish(t);
    expect(await client.list()).toEqual([t]);
  });
});
