// Approval of one incoming file: nothing reaches the disk until the customer accepts it.
import type { IncomingFile } from '../../common/session/customerPrompt';
import { h, mount } from './domBuilder';
import { tetherApi } from './tetherApi';
import { formatBytes } from './textFormat';

const api = tetherApi();
const body = h('section', { id: 'file-question', hidden: true });
mount(h('h1', {}, 'Incoming file'), body);
let openRequest: string | undefined;

function ask(requestId: string, file: IncomingFile): void {
  openRequest = requestId;
  const accept = h('button', { id: 'file-accept', type: 'button', class: 'primary' }, 'Accept');
  const decline = h('button', { id: 'file-decline', type: 'button' }, 'Decline');
  const problem = h('p', { id: 'file-problem', class: 'failure', hidden: true });
  body.hidden = false;
  body.replaceChildren(
    h('p', {}, 'Your technician wants to send you a file:'),
    h('p', { id: 'file-name', class: 'value' }, file.offer.name),
    h('p', { id: 'file-size' }, formatBytes(file.offer.size)),
    h('p', { id: 'file-destination' }, `It will be saved to ${file.destination}`),
    h('p', { id: 'file-sha256', class: 'fingerprint' }, `SHA-256 ${file.offer.sha256}`),
    problem,
    h('div', { class: 'buttons' }, decline, accept),
  );
  const answer = async (accepted: boolean): Promise<void> => {
    accept.disabled = decline.disabled = true;
    const reply = await api.answerFile(requestId, accepted);
    if (reply.ok) return close(requestId);
    problem.textContent = reply.message;
    problem.hidden = false;
    accept.disabled = decline.disabled = false;
  };
  accept.addEventListener('click', () => void answer(true));
  decline.addEventListener('click', () => void answer(false));
}

function close(requestId: string): void {
  if (openRequest !== requestId) return;
  openRequest = undefined;
  body.hidden = true;
  body.replaceChildren();
  document.body.dataset.answered = requestId;
}

api.on('file.ask', ({ requestId, file }) => ask(requestId, file));
api.on('question.closed', ({ requestId }) => close(requestId));
void api.ready('file');
