// Laurel's browser behaviour beyond htmx: keyboard answers in the task player.
// Keys 1-4 press the answer buttons (A, B, Tie, Both bad); typing in the reason box is never hijacked.

function answerButton(key) {
  return document.querySelector(`form.answer button[data-key="${key}"]`);
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) {
    return;
  }
  const button = answerButton(event.key);
  if (button && !button.disabled) {
    event.preventDefault();
    button.click();
  }
});

// While an answer is in flight, block a second press so one keystroke is one answer.
document.addEventListener('htmx:beforeRequest', (event) => {
  const form = event.target.closest && event.target.closest('form.answer');
  if (form) form.querySelectorAll('button').forEach((b) => { b.disabled = true; });
});
