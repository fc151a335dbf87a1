// Always-on-top sharing indicator: what is shared right now, time left, and Pause/Resume, take back
// control, Stop, and (when file transfer is allowed) Send a file, one click each.
import type { SessionStatus } from '../../common/session/customerPrompt';
import { h, mount } from './domBuilder';
import { tetherApi } from './tetherApi';
import { MODE_LABELS, formatRemaining } from './textFormat';

const api = tetherApi();
const statusText = h('span', { id: 'status-text', class: 'status' }, 'Connecting\u2026');
const scope = h('span', { id: 'scope', class: 'scope' });
const timeLeft = h('span', { id: 'time-left', class: 'time' });
const pause = h('button', { id: 'pause', type: 'button' }, 'Pause');
const revoke = h('button', { id: 'revoke-control', type: 'button', hidden: true }, 'Take back control');
const sendFile = h('button', { id: 'send-file', type: 'button', hidden: true }, 'Send a file');
const stop = h('button', { id: 'stop', type: 'button', class: 'danger' }, 'Stop');
const problem = h('span', { id: 'indicator-problem', class: 'failure', hidden: true });
mount(h('div', { class: 'indicator' }, h('span', { class: 'dot' }), statusText, scope, timeLeft, pause, revoke, sendFile, stop, problem));
let sending = false;

let current: SessionStatus = { phase: 'connecting' };

const PHASE_TEXT: Readonly<Record<SessionStatus['phase'], string>> = {
  connecting: 'Connecting\u2026',
  verifying: 'Checking the technician\u2026',
  'awaiting-consent': 'Waiting for your answer',
  sharing: 'Your screen is shared',
  paused: 'Sharing paused',
  reconnecting: 'Connection lost, sharing stopped',
  ended: 'Session ended',
};

function render(): void {
  document.body.dataset.phase = current.phase;
  statusText.textContent = current.reason && current.phase !== 'sharing' ? `${PHASE_TEXT[current.phase]}: ${current.reason}` : PHASE_TEXT[current.phase];
  const extras = [current.clipboard ? 'clipboard' : '', current.files ? 'files' : ''].filter(Boolean);
  scope.textContent = current.mode ? `${MODE_LABELS[current.mode]}${extras.length ? ` + ${extras.join(', ')}` : ''}` : '';
  pause.textContent = current.phase === 'paused' ? 'Resume' : 'Pause';
  pause.disabled = current.phase !== 'sharing' && current.phase !== 'paused';
  revoke.hidden = !current.mode || current.mode === 'view';
  sendFile.hidden = !current.files;
  sendFile.disabled = sending || current.phase !== 'sharing';
  stop.disabled = current.phase === 'ended';
  timeLeft.textContent = current.expiresAt !== undefined ? formatRemaining(current.expiresAt - Date.now()) : '';
}

async function act(run: () => Promise<{ ok: boolean; message?: string }>): Promise<void> {
  const reply = await run();
  problem.hidden = reply.ok;
  problem.textContent = reply.ok ? '' : (reply.message ?? 'failed');
}

pause.addEventListener('click', () => void act(() => (current.phase === 'paused' ? api.resume() : api.pause())));
revoke.addEventListener('click', () => void act(() => api.revoke('control')));
stop.addEventListener('click', () => void act(() => api.stop('stopped by the customer')));
sendFile.addEventListener('click', () => {
  sending = true;
  sendFile.textContent = 'Sending\u2026';
  render();
  void act(() => api.sendFile()).finally(() => {
    sending = false;
    sendFile.textContent = 'Send a file';
    render();
  });
});
api.on('status', (status) => {
  current = status;
  render();
});
setInterval(() => {
  if (current.expiresAt !== undefined) timeLeft.textContent = formatRemaining(current.expiresAt - Date.now());
}, 1000);
render();
void api.ready('indicator');
