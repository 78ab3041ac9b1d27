// Game feedback beyond htmx: the shared layout polls /game/hud (XP bar + new toasts). This module
// moves each new toast into the toast stack, removes it after a few seconds, and asks for the HUD
// right after an answer is sent, so "+10 XP" shows without waiting for the next poll.

const TOAST_MS = 6000;

function collectToasts(hud) {
  const stack = document.getElementById('toasts');
  if (!stack) return;
  hud.querySelectorAll('[data-toast]').forEach((toast) => {
    stack.appendChild(toast);
    setTimeout(() => toast.remove(), TOAST_MS);
  });
}

document.addEventListener('htmx:afterSwap', (event) => {
  const hud = event.detail && event.detail.target;
  if (hud && hud.id === 'game-hud') collectToasts(hud);
});

// Points are scored from the answer's event a moment later: ask now and once more shortly after.
document.addEventListener('htmx:afterRequest', (event) => {
  const form = event.target.closest && event.target.closest('form.answer');
  if (!form || !event.detail.successful) return;
  for (const delay of [300, 1200]) {
    setTimeout(() => document.body.dispatchEvent(new CustomEvent('laurel:answered')), delay);
  }
});
