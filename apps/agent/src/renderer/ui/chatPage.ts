// Chat with the technician: messages both ways, newest at the bottom.
import type { ChatMessage } from '@tether/protocol';
import { MAX_CHAT_CHARS } from '@tether/protocol';
import { h, mount } from './domBuilder';
import { tetherApi } from './tetherApi';

const api = tetherApi();
const list = h('ol', { id: 'messages', class: 'messages', 'aria-live': 'polite' });
const input = h('input', { id: 'chat-input', type: 'text', maxlength: String(MAX_CHAT_CHARS), placeholder: 'Write to your technician', autocomplete: 'off' });
const send = h('button', { id: 'chat-send', type: 'submit' }, 'Send');
const problem = h('p', { id: 'chat-problem', class: 'failure', hidden: true });
const form = h('form', { id: 'chat-form', class: 'chat-form' }, input, send);
let technicianName = 'Technician';
mount(h('h1', {}, 'Chat'), list, problem, form);

function append(from: 'technician' | 'customer', text: string, ts: number): void {
  const who = from === 'technician' ? technicianName : 'You';
  list.append(h('li', { class: `message from-${from}` }, h('span', { class: 'who' }, `${who} \u00b7 ${new Date(ts).toLocaleTimeString()}`), h('span', { class: 'text' }, text)));
  list.lastElementChild?.scrollIntoView({ block: 'end' });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  send.disabled = true;
  void api.sendChat(text).then((reply) => {
    send.disabled = false;
    problem.hidden = reply.ok;
    if (!reply.ok) {
      problem.textContent = reply.message;
      return;
    }
    append('customer', text, Date.now());
    input.value = '';
  });
});
api.on('technician', (t) => (technicianName = t.name));
api.on('chat', (message: ChatMessage) => append(message.from, message.text, message.ts));
void api.ready('chat');
