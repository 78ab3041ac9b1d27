// Laurel's browser behaviour beyond htmx: keyboard answers in the task players (one per task kind,
// see players.js); typing in a text box is never hijacked.
import { CSRF_HEADER, csrfToken } from './csrf.js';
import { handlePlayerKey, preparePlayer } from './players.js';

// every htmx request carries the session's CSRF token (a form's hidden field aside, hx-post on any element)
document.addEventListener('htmx:configRequest', (event) => {
  event.detail.headers[CSRF_HEADER] = csrfToken();
});

document.addEventListener('keydown', (event) => {
  const form = document.querySelector('#player form.answer');
  if (form) handlePlayerKey(event, form);
});

const prepare = () => preparePlayer(document.querySelector('#player form.answer'));
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', prepare);
else prepare();
document.addEventListener('htmx:afterSwap', (event) => {
  if (event.target.id === 'player') prepare();
});

// While an answer is in flight, block a second press so one keystroke is one answer.
// (Only the answer form's own request: the correction preview posts from inside the form too.)
document.addEventListener('htmx:beforeRequest', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.matches('form.answer')) {
    form.dataset.sending = 'true';
    form.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  }
});
