// `pnpm relay [--config file.json]`: starts a relay node and prints where it listens.
import { loadRelayConfig, startRelay } from './index';

try {
  const config = loadRelayConfig({ argv: process.argv.slice(2), env: process.env });
  const relay = await startRelay(config);
  console.log(`tether relay listening on ${relay.url} (health ${relay.httpUrl}/healthz, metrics ${relay.httpUrl}/metrics, store ${config.store})`);
  if (config.rootPublicKey === '') console.log('note: no rootPublicKey configured; technicians cannot create sessions until one is set');
  const stop = () => {
    void relay.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`relay failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
