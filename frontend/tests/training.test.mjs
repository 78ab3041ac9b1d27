// The live training page: a model team uploads a tiny preference file from /reward-models, lands on the
// job's page and, without reloading it, sees the progress bar fill and the loss / accuracy / margin
// chart grow epoch by epoch (htmx polling), until the job succeeds, the page stops polling and names
// the new reward-model version.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { BASE_URL, launchBrowser, loginInBrowser, open } from './support.mjs';

const MODELER_USER = process.env.LAUREL_MODELER_USER || 'modeler';
const MODELER_PASSWORD = process.env.LAUREL_MODELER_PASSWORD || 'laurel-demo';

// Small enough to embed in a moment, trained for enough epochs (batch size 1, no early stop) that the
// job outlasts a few 2-second polling rounds of the page: about 10 s on an idle laptop, 40 s on a busy
// two-core machine.
const EPOCHS = 40;

let browser;

before(async () => {
  browser = await launchBrowser();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

/** Helpful, specific replies are chosen over curt refusals: 24 pairs over 12 prompts. */
function preferenceFile() {
  const run = randomBytes(3).toString('hex');
  const topics = ['bake bread', 'change a tyre', 'learn French', 'plant tomatoes', 'fix a tap', 'write a letter',
    'start running', 'save money', 'brew tea', 'train a puppy', 'paint a room', 'sleep better'];
  const lines = [];
  for (const topic of topics) {
    const prompt = `How do I ${topic}? (${run})`;
    lines.push({ prompt, chosen: `Here is a simple way to ${topic}: gather what you need, then go step by step.`,
      rejected: 'No idea. Search it yourself.', margin: 1.0 });
    lines.push({ prompt, chosen: `Good question! To ${topic}, start small and follow a clear plan.`,
      rejected: 'Why would you want that? Not my problem.' });
  }
  return Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n', 'utf8');
}

/** What the live part of the job page shows right now. */
const liveState = (page) => page.evaluate(() => {
  const live = document.querySelector('[data-testid=live]');
  const bar = live?.querySelector('progress');
  return {
    status: live?.dataset.status ?? null,
    epochs: Number(live?.dataset.epochs ?? -1),
    progress: bar ? Number(bar.getAttribute('value')) : null,
    progressText: live?.querySelector('[data-testid=progress]')?.textContent.replace(/\s+/g, ' ').trim() ?? null,
    chart: live?.querySelector('[data-testid=training-chart] polyline.train')?.getAttribute('points') ?? null,
    polling: live?.hasAttribute('hx-get') ?? false,
    marker: window.__marker ?? null,
  };
});

test('a model team starts a small training job and watches the progress bar and the chart update live', { timeout: 240_000 }, async (t) => {
  const page = await browser.newPage();
  await loginInBrowser(page, MODELER_USER, MODELER_PASSWORD);
  await open(page, `${BASE_URL}/reward-models`);
  const form = page.locator('[data-testid=train-form]');
  await form.locator('input[name=file]').setInputFiles({ name: 'preferences.jsonl', mimeType: 'application/jsonl', buffer: preferenceFile() });
  await form.locator('input[name=epochs]').fill(String(EPOCHS));
  await form.locator('input[name=batchSize]').fill('1');
  await form.locator('input[name=patience]').fill(String(EPOCHS));
  await Promise.all([
    page.waitForURL((url) => /^\/reward-models\/jobs\/\d+$/.test(url.pathname), { timeout: 30_000 }),
    form.locator('button[type=submit]').click(),
  ]);
  await page.locator('[data-testid=live]').waitFor();
  await page.evaluate(() => { window.__marker = 'same page'; });
  const first = await liveState(page);
  assert.ok(['QUEUED', 'RUNNING'].includes(first.status), `a new job is queued or running, not ${first.status}`);
  assert.ok(first.progress < 100, 'the bar starts below 100%');
  assert.ok(first.polling, 'a live job polls for updates');

  // sample what the page shows until the job is done; every change arrives by htmx, not by a reload
  const states = [first];
  const deadline = Date.now() + 200_000;
  for (;;) {
    const state = await liveState(page);
    const last = states[states.length - 1];
    if (JSON.stringify(state) !== JSON.stringify(last)) {
      states.push(state);
      t.diagnostic(`${new Date().toISOString()} ${state.status} epoch ${state.epochs} · ${state.progress}% · chart ${state.chart ? state.chart.split(' ').length : 0} points`);
    }
    if (!['QUEUED', 'RUNNING'].includes(state.status) || Date.now() > deadline) break;
    await page.waitForTimeout(200);
  }
  const done = states[states.length - 1];
  assert.equal(done.status, 'SUCCEEDED', `the job ended ${done.status}: ${done.progressText}`);
  assert.ok(states.every((s) => s.marker === 'same page'), 'the page was never reloaded');

  // between queued and done the page showed the job part way, bar and chart partly drawn
  const running = states.filter((s) => s.status === 'RUNNING' && s.epochs >= 1 && s.epochs < EPOCHS);
  assert.ok(running.length >= 1, 'the running job was seen with some of its epochs done');
  assert.ok(running.every((s) => s.chart && s.progress > 0 && s.progress < 100), 'a running job shows a partial bar and a chart');
  for (let i = 1; i < states.length; i++) {
    assert.ok(states[i].progress >= states[i - 1].progress, 'the bar never moves back');
    assert.ok(states[i].epochs >= states[i - 1].epochs, 'epochs only grow');
  }
  assert.ok(new Set(states.map((s) => s.progress)).size >= 3, 'the bar moved at least twice: from the start, part way, to full');
  assert.ok(done.chart.split(' ').length > running[0].chart.split(' ').length, 'the chart gained points after it first appeared');

  assert.equal(done.progress, 100);
  assert.equal(done.epochs, EPOCHS);
  assert.equal(done.polling, false, 'a finished job stops polling');
  assert.equal(done.chart.split(' ').length, EPOCHS, 'one point per epoch');
  await page.locator('[data-testid=model]', { hasText: /reward model v\d+/ }).waitFor();
  await page.close();
});
