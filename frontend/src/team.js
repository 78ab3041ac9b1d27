// A model team's console in the browser: forms that call Laurel's REST API with the session cookie, and
// drag-and-drop uploads with a progress bar. Both work on content htmx swaps in later (events are delegated).
//
// <form data-api="/api/..." [data-method=POST] [data-then=reload|go:/path/:id|refresh:#id|none]>: sends the fields as
//   JSON (an empty field is left out; data-number fields as numbers, data-percent ones as shares), shows a problem's sentence in the form's
//   [data-problem] element, then reloads the page, goes to a path filled from the answer, or refreshes a part.
// <div class="dropzone" data-upload="/api/..." [data-method=POST|PUT] [data-accept=zip]>: a file dropped on it or
//   picked with its file input is sent as it is (JSONL, CSV by its name, or a zip), with a progress bar; a refused
//   file lists every bad line in a table (line, reason) — the upload is all or nothing, so nothing was stored.
// Same-origin requests with the session's CSRF token (csrf.js); the browser sends Origin itself. Laurel asks both of
// cookie-authenticated changes (platform/CsrfTokens, platform/CrossSiteRequests).
import { CSRF_HEADER, csrfToken, send } from './csrf.js';

const problemOf = async (response) => {
  const body = await response.json().catch(() => ({}));
  return {
    detail: body.detail || `The request failed (HTTP ${response.status}).`,
    errors: Array.isArray(body.errors) ? body.errors : [],
  };
};

const fill = (template, values) => template.replace(/:(\w+)/g, (_, key) => encodeURIComponent(values?.[key] ?? ''));

function refresh(selector) {
  const target = document.querySelector(selector);
  if (target && window.htmx) window.htmx.trigger(target, 'refresh');
}

function after(element, json) {
  const then = element.dataset.then || 'reload';
  if (then === 'reload') window.location.reload();
  else if (then.startsWith('go:')) window.location.assign(fill(then.slice(3), json));
  else if (then.startsWith('refresh:')) then.slice(8).split(',').forEach(refresh);
}

function showProblem(element, problem) {
  const out = element.querySelector('[data-problem]');
  if (!out) return;
  out.replaceChildren();
  if (!problem) {
    out.hidden = true;
    return;
  }
  out.hidden = false;
  const p = document.createElement('p');
  p.textContent = problem.detail;
  out.append(p);
  if (problem.errors.length > 1) {
    const list = document.createElement('ul');
    for (const error of problem.errors) {
      const item = document.createElement('li');
      item.textContent = error;
      list.append(item);
    }
    out.append(list);
  }
}

// A number field that is not a number is sent as typed, so that the API's problem names the field and the value.
const numberOf = (value) => (Number.isFinite(Number(value)) ? Number(value) : value);
// A percentage as the share the API takes: the decimal point moved in the text ("5" → 0.05), no float arithmetic.
const percentOf = (value) => (Number.isFinite(Number(value)) ? Number(`${value}e-2`) : value);

function fieldsOf(form) {
  const body = {};
  for (const element of form.elements) {
    if (!element.name || element.disabled) continue;
    if ((element.type === 'checkbox' || element.type === 'radio') && !element.checked) continue;
    const value = element.value.trim();
    if (value === '' && element.type !== 'checkbox') continue;
    body[element.name] = element.hasAttribute('data-percent') ? percentOf(value)
      : element.hasAttribute('data-number') ? numberOf(value) : element.type === 'checkbox' ? true : value;
  }
  return body;
}

document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.api) return;
  event.preventDefault();
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((b) => { b.disabled = true; });
  showProblem(form, null);
  const out = form.querySelector('[data-result]');
  try {
    const method = form.dataset.method || 'POST';
    const body = method === 'DELETE' ? undefined : JSON.stringify(fieldsOf(form));
    const response = await send(form.dataset.api, {
      method,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body,
    });
    if (!response.ok) {
      showProblem(form, await problemOf(response));
      return;
    }
    const json = await response.json().catch(() => ({}));
    if (json && json.ok === false && json.error) { // an answer that reports a failure (an endpoint's test call)
      showProblem(form, { detail: json.error, errors: [] });
      return;
    }
    if (out && form.dataset.show) {
      out.hidden = false;
      out.textContent = String(json?.[form.dataset.show] ?? '');
    } else if (out && form.dataset.saved) {
      out.hidden = false;
      out.textContent = form.dataset.saved;
    }
    after(form, json);
  } catch (error) {
    showProblem(form, { detail: `Laurel could not be reached (${error.message}). Try again.`, errors: [] });
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
});

// ---- drag and drop uploads ----

const LINE = /^Line (\d+): (.*)$/s;

function contentType(file, zone) {
  const name = file.name.toLowerCase();
  if (zone.dataset.accept === 'zip' || name.endsWith('.zip')) return 'application/zip';
  if (name.endsWith('.csv')) return 'text/csv';
  return 'application/jsonl';
}

function lineTable(errors) {
  const table = document.createElement('table');
  table.className = 'bad-lines';
  table.dataset.testid = 'bad-lines';
  const head = table.createTHead().insertRow();
  for (const title of ['Line', 'Reason']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const error of errors) {
    const row = body.insertRow();
    const match = LINE.exec(error);
    row.insertCell().textContent = match ? match[1] : '';
    row.insertCell().textContent = match ? match[2] : error;
  }
  return table;
}

// <input data-param="name"> inside a drop zone: its value, when given, goes along as ?name=value
function uploadUrl(zone) {
  const url = new URL(zone.dataset.upload, window.location.origin);
  zone.querySelectorAll('input[data-param]').forEach((input) => {
    if (input.value.trim()) url.searchParams.set(input.dataset.param, input.value.trim());
  });
  return url.pathname + url.search;
}

function upload(zone, file) {
  const bar = zone.querySelector('progress');
  const status = zone.querySelector('[data-status]');
  const out = zone.querySelector('[data-lines]');
  out.replaceChildren();
  status.className = '';
  status.textContent = `Sending ${file.name}…`;
  bar.hidden = false;
  bar.value = 0;
  zone.dataset.state = 'sending';
  const request = new XMLHttpRequest();
  request.open(zone.dataset.method || 'POST', uploadUrl(zone));
  request.setRequestHeader('Content-Type', contentType(file, zone));
  request.setRequestHeader('Accept', 'application/json');
  request.setRequestHeader(CSRF_HEADER, csrfToken());
  request.upload.addEventListener('progress', (event) => {
    if (event.lengthComputable) bar.value = Math.round((100 * event.loaded) / event.total);
  });
  request.addEventListener('load', () => {
    let json = {};
    try { json = JSON.parse(request.responseText || '{}'); } catch { json = {}; }
    if (request.status >= 200 && request.status < 300) {
      bar.value = 100;
      zone.dataset.state = 'done';
      status.className = 'notice';
      status.textContent = json.added !== undefined
        ? `${file.name}: ${json.added} added${json.total !== undefined ? `, ${json.total} in all` : ''}.`
        : json.answers !== undefined ? `${file.name}: ${json.answers} answers imported.`
        : `${file.name} received.`;
      after(zone, json);
    } else {
      zone.dataset.state = 'refused';
      status.className = 'error';
      status.textContent = json.detail || `The upload failed (HTTP ${request.status}).`;
      const lines = (json.errors || []).filter((e) => LINE.test(e) || (json.errors || []).length > 1);
      if (lines.length) out.append(lineTable(json.errors));
    }
  });
  request.addEventListener('error', () => {
    zone.dataset.state = 'refused';
    status.className = 'error';
    status.textContent = 'Laurel could not be reached; nothing was sent. Try again.';
  });
  request.send(file);
}

document.addEventListener('dragover', (event) => {
  const zone = event.target instanceof Element && event.target.closest('.dropzone[data-upload]');
  if (!zone) return;
  event.preventDefault();
  zone.classList.add('over');
});
document.addEventListener('dragleave', (event) => {
  const zone = event.target instanceof Element && event.target.closest('.dropzone[data-upload]');
  if (zone) zone.classList.remove('over');
});
document.addEventListener('drop', (event) => {
  const zone = event.target instanceof Element && event.target.closest('.dropzone[data-upload]');
  if (!zone) return;
  event.preventDefault();
  zone.classList.remove('over');
  const [file] = event.dataTransfer?.files || [];
  if (file) upload(zone, file);
});
document.addEventListener('change', (event) => {
  const input = event.target;
  const zone = input instanceof HTMLInputElement && input.type === 'file' && input.closest('.dropzone[data-upload]');
  if (!zone || !input.files.length) return;
  upload(zone, input.files[0]);
  input.value = '';
});
