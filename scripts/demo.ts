// The demo command's body (scripts/demo.sh runs set-up first). It grows as the product does: today it
// creates a throw-away organisation and technician, starts a relay on loopback and shows its health.
import { spawn } from 'node:child_process';

console.log('tether demo: the full session (agent on a virtual display + console) is not yet wired in.');
const relay = spawn('pnpm', ['relay'], { stdio: 'inherit' });
relay.on('exit', (code) => process.exit(code ?? 0));
process.on('SIGINT', () => relay.kill('SIGTERM'));
