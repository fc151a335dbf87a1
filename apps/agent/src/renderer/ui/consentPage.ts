// Consent window: who is asking (verified technician, certificate fingerprint, the 6-digit code to compare
// aloud), what they ask for, and the customer's choice. Allow sends a ConsentDecision, Refuse sends null.
import type { ConsentContext, VerifiedTechnician } from '../../common/session/customerPrompt';
import { buildConsentForm } from './consentForm';
import { byId, h, mount } from './domBuilder';
import { tetherApi } from './tetherApi';
import { MODE_LABELS, formatFingerprint, formatSas } from './textFormat';

const api = tetherApi();
const techCard = h('section', { id: 'technician', class: 'card', hidden: true });
const question = h('section', { id: 'question', hidden: true });
const failure = h('p', { id: 'failure', class: 'failure', role: 'alert', hidden: true });
const waiting = h('p', { id: 'waiting' }, 'Checking the technician\u2019s identity\u2026');
mount(h('h1', {}, 'Remote support'), failure, waiting, techCard, question);

function row(label: string, id: string, value: string): HTMLElement {
  return h('div', { class: 'row' }, h('span', { class: 'label' }, label), h('span', { id, class: 'value' }, value));
}

function showTechnician(t: VerifiedTechnician): void {
  waiting.hidden = true;
  techCard.hidden = false;
  techCard.replaceChildren(
    h('h2', {}, 'Verified technician'),
    row('Name', 'tech-name', t.name),
    row('Employee no.', 'tech-employee', t.employeeNo),
    row('Department', 'tech-department', t.department),
    row('Organisation', 'tech-org', t.org),
    row('Certificate', 'tech-fingerprint', formatFingerprint(t.fingerprint)),
    row('Valid until', 'tech-not-after', new Date(t.notAfter).toLocaleString()),
    h('p', { class: 'sas-hint' }, 'Ask the technician to read their code. It must match:'),
    h('p', { id: 'sas', class: 'sas' }, formatSas(t.sas)),
  );
}

let openRequest: string | undefined;

function ask(requestId: string, context: ConsentContext): void {
  showTechnician(context.technician);
  openRequest = requestId;
  const form = buildConsentForm(context);
  const problem = h('p', { id: 'form-problem', class: 'failure', hidden: true });
  const allow = h('button', { id: 'allow', type: 'button', class: 'primary' }, 'Allow');
  const refuse = h('button', { id: 'refuse', type: 'button' }, 'Refuse');
  const { request } = context;
  const notes = [
    context.elevation ? 'The technician asks for more access than you gave so far.' : '',
    context.afterReconnect ? 'The connection was interrupted. Nothing continues until you allow it again.' : '',
  ].filter(Boolean);
  question.hidden = false;
  question.replaceChildren(
    h('h2', {}, context.elevation ? 'More access requested' : 'Access requested'),
    ...notes.map((n) => h('p', { class: 'note' }, n)),
    h('p', { id: 'requested' }, `Requested: ${MODE_LABELS[request.mode]}${request.clipboard ? ', clipboard' : ''}${request.files ? ', file transfer' : ''}`),
    h('p', { id: 'request-reason', hidden: !request.reason }, request.reason ? `Reason: ${request.reason}` : ''),
    form.element,
    problem,
    h('div', { class: 'buttons' }, refuse, allow),
  );
  const answer = async (decision: ReturnType<typeof form.read> | null): Promise<void> => {
    if (typeof decision === 'string') {
      problem.textContent = decision;
      problem.hidden = false;
      return;
    }
    allow.disabled = refuse.disabled = true;
    const reply = await api.answerConsent(requestId, decision);
    if (!reply.ok) {
      problem.textContent = reply.message;
      problem.hidden = false;
      allow.disabled = refuse.disabled = false;
      return;
    }
    closeQuestion(requestId);
  };
  allow.addEventListener('click', () => void answer(form.read()));
  refuse.addEventListener('click', () => void answer(null));
}

function closeQuestion(requestId: string): void {
  if (openRequest !== requestId) return;
  openRequest = undefined;
  question.hidden = true;
  question.replaceChildren();
  document.body.dataset.answered = requestId;
}

api.on('technician', showTechnician);
api.on('consent.ask', ({ requestId, context }) => ask(requestId, context));
api.on('question.closed', ({ requestId }) => closeQuestion(requestId));
api.on('failure', ({ message }) => {
  waiting.hidden = true;
  failure.textContent = message;
  failure.hidden = false;
  byId('question').hidden = true;
});
void api.ready('consent');
