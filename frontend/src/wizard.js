// The "New campaign" wizard: one step at a time (Back / Next), and only the chosen kind's settings shown.
// Without this script every step shows at once and the form still works; the server checks the form live
// (htmx posts it to /campaigns/new/check) and again when it is created.
const form = document.querySelector('form.wizard-form');

if (form) {
  const steps = [...form.querySelectorAll('fieldset[data-step]')];
  const links = [...document.querySelectorAll('[data-step-link]')];
  const nav = form.querySelector('.wizard-nav');
  const back = nav.querySelector('[data-wizard=back]');
  const next = nav.querySelector('[data-wizard=next]');
  let current = 0;

  // a form sent back with problems opens on the review step
  if (document.querySelector('#check [data-testid=problems]') && form.querySelector('input[name=name]').value) current = steps.length - 1;

  const show = (index) => {
    current = Math.max(0, Math.min(steps.length - 1, index));
    steps.forEach((step, i) => { step.hidden = i !== current; });
    links.forEach((link, i) => {
      if (i === current) link.setAttribute('aria-current', 'step');
      else link.removeAttribute('aria-current');
    });
    back.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    const first = steps[current].querySelector('input:not([type=hidden]), textarea, select, button[type=submit]');
    if (first && document.activeElement !== document.body) first.focus();
  };

  const showKind = () => {
    const kind = form.querySelector('input[name=kind]:checked')?.value || 'PAIRWISE';
    form.querySelectorAll('.kind-settings').forEach((part) => { part.hidden = part.dataset.kind !== kind; });
  };

  nav.hidden = false;
  back.addEventListener('click', () => show(current - 1));
  next.addEventListener('click', () => {
    const name = form.querySelector('input[name=name]');
    if (current === 0 && !name.reportValidity()) return;
    show(current + 1);
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'kind') showKind();
  });
  // Enter in a text field moves on instead of creating the campaign before the last step
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement && current < steps.length - 1) {
      event.preventDefault();
      next.click();
    }
  });
  showKind();
  show(current);
}
