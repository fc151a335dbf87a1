// End-of-session rating: 1-5 stars and an optional comment, or skip.
import { MAX_RATING_COMMENT_CHARS } from '@tether/protocol';
import type { Rating } from '../../common/session/customerPrompt';
import { h, mount } from './domBuilder';
import { tetherApi } from './tetherApi';

const api = tetherApi();
const body = h('section', { id: 'rating-question', hidden: true });
mount(h('h1', {}, 'How did it go?'), body);
let openRequest: string | undefined;

function ask(requestId: string): void {
  openRequest = requestId;
  let stars = 0;
  const starButtons = [1, 2, 3, 4, 5].map((n) => h('button', { type: 'button', class: 'star', 'data-stars': String(n), 'aria-label': `${n} of 5`, 'aria-pressed': 'false' }, '\u2605'));
  const comment = h('textarea', { id: 'rating-comment', maxlength: String(MAX_RATING_COMMENT_CHARS), rows: '4', placeholder: 'Anything you want to tell us (optional)' });
  const send = h('button', { id: 'rating-send', type: 'button', class: 'primary', disabled: true }, 'Send');
  const skip = h('button', { id: 'rating-skip', type: 'button' }, 'Skip');
  const choose = (n: number): void => {
    stars = n;
    for (const b of starButtons) {
      const on = Number(b.dataset.stars) <= n;
      b.classList.toggle('on', on);
      b.setAttribute('aria-pressed', String(Number(b.dataset.stars) === n));
    }
    send.disabled = false;
  };
  for (const b of starButtons) b.addEventListener('click', () => choose(Number(b.dataset.stars)));
  body.hidden = false;
  body.replaceChildren(h('div', { id: 'stars', class: 'stars' }, ...starButtons), comment, h('div', { class: 'buttons' }, skip, send));
  const answer = async (rating: Rating | null): Promise<void> => {
    send.disabled = skip.disabled = true;
    const reply = await api.answerRating(requestId, rating);
    if (reply.ok) close(requestId);
    else send.disabled = skip.disabled = false;
  };
  send.addEventListener('click', () => {
    const text = comment.value.trim();
    if (stars >= 1 && stars <= 5) void answer({ stars: stars as Rating['stars'], ...(text ? { comment: text } : {}) });
  });
  skip.addEventListener('click', () => void answer(null));
}

function close(requestId: string): void {
  if (openRequest !== requestId) return;
  openRequest = undefined;
  body.hidden = true;
  body.replaceChildren(h('p', { id: 'rating-thanks' }, 'Thank you.'));
  body.hidden = false;
  document.body.dataset.answered = requestId;
}

api.on('rating.ask', ({ requestId }) => ask(requestId));
api.on('question.closed', ({ requestId }) => close(requestId));
void api.ready('rating');
