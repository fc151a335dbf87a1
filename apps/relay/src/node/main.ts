// `pnpm relay [--config file.json]`: starts a relay node (and its recording archive when configured) and
// prints where it listens.
import { openArchiveFromConfig } from './archive/archiveFromConfig';
import { loadRelayConfig, startRelay } from './index';
import { missingRelayFlags } from './runtimeFlags';
import { openTemplatesFromConfig } from './templates/templatesFromConfig';

try {
  const config = loadRelayConfig({ argv: process.argv.slice(2), env: process.env });
  const archive = await openArchiveFromConfig(config);
  const templates = openTemplatesFromConfig(config);
  const relay = await startRelay(config, { ...(archive ? { archive } : {}), ...(templates ? { templates } : {}) }).catch(async (e: unknown) => {
    await archive?.close();
    throw e;
  });
  console.log(`tether relay listening on ${relay.url} (health ${relay.httpUrl}/healthz, metrics ${relay.httpUrl}/metrics, store ${config.store})`);
  if (archive) {
    const index = config.archivePostgresUrl !== '' ? 'PostgreSQL' : 'SQLite';
    const blobs = config.archiveS3Endpoint !== '' ? `S3 ${config.archiveS3Endpoint}` : 'folder';
    console.log(`archive at ${relay.httpUrl}/archive/v1 (index ${index}, blobs ${blobs}, retention every ${config.archiveRetentionIntervalMs} ms)`);
  }
  if (templates) console.log(`permission templates at ${relay.httpUrl}/templates/v1 (folder ${config.templatesDir})`);
  const missing = missingRelayFlags(process.execArgv, process.env.NODE_OPTIONS);
  if (missing.length > 0) console.log(`note: start node with ${missing.join(' ')} (as \`pnpm relay\` does) for steady forwarding latency under load`);
  if (config.rootPublicKey === '') console.log('note: no rootPublicKey configured; technicians cannot create sessions until one is set');
  const stop = () => {
    void relay.close().then(() => archive?.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`relay failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
