// The task players' keyboard and drag behaviour, one handler per task kind, and the skip form's
// reason picker. Every player submits its form through htmx (form.requestSubmit), so answering
// never reloads the page.

/** Whether the key is meant for a text box (typing digits in a reason must not answer). */
function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/**
 * Makes sure htmx has wired the form: a key pressed in the moment between a swap and htmx's settle
 * would otherwise submit natively and reload the page (seen on a slow CI machine).
 */
function wired(form) {
  if (window.htmx) window.htmx.process(form);
  return form;
}

function submit(form) {
  if (form.dataset.sending) return;
  wired(form).requestSubmit();
}

function digit(event) {
  return /^[1-9]$/.test(event.key) ? Number(event.key) : null;
}

// ---- pairwise: 1-4 press the answer buttons (A, B, Tie, Both bad) ----
function pairwiseKey(event, form) {
  const button = form.querySelector(`button[data-key="${event.key}"]`);
  if (button && !button.disabled) {
    event.preventDefault();
    wired(form);
    button.click();
  }
}

// ---- ranking: a digit picks a reply by its number, arrows or J/K move it, Enter submits ----
const rankItems = (form) => [...form.querySelectorAll('li.rank-item')];

/** Marks the items that count (the top k when the campaign ranks only the best few) and shows each one's place. */
function refreshRanking(form) {
  const counted = Number(form.dataset.ranked) || rankItems(form).length;
  rankItems(form).forEach((item, index) => {
    item.classList.toggle('below-cut', index >= counted);
    item.dataset.place = String(index + 1);
  });
}

function selectItem(form, item) {
  rankItems(form).forEach((other) => other.classList.toggle('selected', other === item));
  item.focus();
}

function moveItem(form, item, direction) {
  if (direction < 0 && item.previousElementSibling) item.parentElement.insertBefore(item, item.previousElementSibling);
  if (direction > 0 && item.nextElementSibling) item.parentElement.insertBefore(item.nextElementSibling, item);
  refreshRanking(form);
  item.focus();
}

function rankingKey(event, form) {
  const n = digit(event);
  const selected = form.querySelector('li.rank-item.selected')
    || (document.activeElement instanceof HTMLElement && document.activeElement.closest('li.rank-item'));
  if (n !== null) {
    const item = form.querySelector(`li.rank-item[data-number="${n}"]`);
    if (item) {
      event.preventDefault();
      selectItem(form, item);
    }
  } else if (['ArrowUp', 'k', 'K'].includes(event.key) && selected) {
    event.preventDefault();
    moveItem(form, selected, -1);
  } else if (['ArrowDown', 'j', 'J'].includes(event.key) && selected) {
    event.preventDefault();
    moveItem(form, selected, 1);
  } else if (event.key === 'Enter') {
    event.preventDefault();
    submit(form);
  }
}

/** HTML5 drag and drop: drop a reply above or below another (by the pointer's half of it). */
function enableDragging(form) {
  let dragged = null;
  const list = form.querySelector('ol.ranking-list');
  list.addEventListener('dragstart', (event) => {
    dragged = event.target.closest('li.rank-item');
    if (!dragged) return;
    dragged.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged.dataset.number);
  });
  list.addEventListener('dragover', (event) => {
    const over = event.target.closest && event.target.closest('li.rank-item');
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    const below = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, below ? over.nextElementSibling : over);
    refreshRanking(form);
  });
  list.addEventListener('drop', (event) => event.preventDefault());
  list.addEventListener('dragend', () => {
    dragged?.classList.remove('dragging');
    if (dragged) selectItem(form, dragged);
    dragged = null;
  });
}

// ---- rubric: a digit rates the focused dimension, Tab or arrows move between them, Enter submits ----
const dimensions = (form) => [...form.querySelectorAll('fieldset.dimension')];
const isRated = (fieldset) => Boolean(fieldset.querySelector('input[type=radio]:checked'));

function focusedDimension(form) {
  const active = document.activeElement instanceof HTMLElement && document.activeElement.closest('fieldset.dimension');
  return active && form.contains(active) ? active : null;
}

function rubricKey(event, form) {
  const all = dimensions(form);
  const current = focusedDimension(form);
  const n = digit(event);
  const move = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
  if (n !== null) {
    const target = current || all.find((d) => !isRated(d)) || all[0];
    const radio = target?.querySelector(`input[type=radio][value="${n}"]`);
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    // on to the next dimension still unrated, so a labeler can type the ratings in one go
    const next = all.slice(all.indexOf(target) + 1).find((d) => !isRated(d)) || all.find((d) => !isRated(d));
    (next || target).focus();
  } else if (move) {
    event.preventDefault();
    const index = current ? all.indexOf(current) + move : 0;
    all[Math.max(0, Math.min(all.length - 1, index))]?.focus();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    const missing = all.find((d) => !isRated(d));
    if (missing) {
      missing.focus();
      missing.classList.add('missing');
    } else {
      submit(form);
    }
  }
}

// ---- categorical: a digit picks a label (toggles it when several are allowed), Enter submits ----
function categoricalKey(event, form) {
  const n = digit(event);
  if (n !== null) {
    const input = form.querySelector(`input[name=label][data-key="${n}"]`);
    if (!input) return;
    event.preventDefault();
    input.checked = input.type === 'checkbox' ? !input.checked : true;
  } else if (event.key === 'Enter') {
    event.preventDefault();
    if (form.querySelector('input[name=label]:checked')) submit(form);
  }
}

// ---- skip, any kind: S moves to the reason picker, Enter there skips with the reason picked ----
function skipKey(event) {
  const skip = document.querySelector('#player form.skip');
  if (!skip) return false;
  const target = event.target;
  if (event.key === 'Enter' && target instanceof HTMLSelectElement && skip.contains(target)) {
    // a select has no implicit submission of its own
    event.preventDefault();
    submit(skip);
    return true;
  }
  if ((event.key === 's' || event.key === 'S') && !event.altKey && !event.ctrlKey && !event.metaKey && !isTyping(target)) {
    event.preventDefault();
    skip.querySelector('select[name=reason]')?.focus();
    return true;
  }
  return false;
}

/** Routes a key press to the player of the task shown. */
export function handlePlayerKey(event, form) {
  const kind = form.dataset.kind;
  if (skipKey(event)) return;
  if (kind === 'CORRECTION') {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit(form);
    }
    return;
  }
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || isTyping(event.target)) return;
  // Enter on a focused button or link (Skip, Instructions) keeps its own meaning
  if (event.key === 'Enter' && event.target instanceof Element && event.target.closest('button, a, summary')) return;
  if (kind === 'PAIRWISE') pairwiseKey(event, form);
  else if (kind === 'RANKING') rankingKey(event, form);
  else if (kind === 'RUBRIC') rubricKey(event, form);
  else if (kind === 'CATEGORICAL') categoricalKey(event, form);
}

/** Sets a freshly shown player up: ranking places and dragging, focus where the keys act. */
export function preparePlayer(form) {
  if (!form) return;
  if (form.dataset.kind === 'RANKING') {
    refreshRanking(form);
    enableDragging(form);
  } else if (form.dataset.kind === 'RUBRIC') {
    dimensions(form)[0]?.focus();
  }
}
