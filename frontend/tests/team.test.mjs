// A model team's whole job in the browser, from nothing to a reward model: the "New campaign" wizard (live
// checks, markdown preview), a prompt upload with a bad line (the line table, nothing stored) and a good one by
// drag and drop, two candidates registered with their uploaded outputs, the campaign opened; labelers answer
// (through the API: their pages are another test's); the team snapshots a dataset, downloads pairs.jsonl (its
// SHA-256 is the one the page shows), and trains a reward model from the snapshot in one click, whose live chart
// grows; then pauses, resumes and closes the campaign. On the way the dashboard shows the model leaderboard with
// its interval chart and the win-rate heatmap (a table with the numbers), and its quality settings are changed (a bad
// value first: the API's sentence shows in the page, nothing is saved). The team's part uses only the pages: the API is called
// to check results, and for the labelers.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { BASE_URL, api, apiLogin, launchBrowser, loginInBrowser, open, poll } from './support.mjs';

const MODELER_USER = process.env.LAUREL_MODELER_USER || 'modeler';
const MODELER_PASSWORD = process.env.LAUREL_MODELER_PASSWORD || 'laurel-demo';
const ADMIN_USER = process.env.LAUREL_ADMIN_USER || 'admin';
const ADMIN_PASSWORD = process.env.LAUREL_ADMIN_PASSWORD || 'laurel-demo';
const PROMPTS = 8;
// enough epochs (batch size 1, no early stop) that the job outlasts a few 2-second polls of its page
const EPOCHS = 120;

let browser;

before(async () => {
  browser = await launchBrowser();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

const jsonl = (records) => Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8');

/** Drops a file on a drop zone the way a person's drag from the desktop does: a drop event carrying the file. */
async function dropFile(page, selector, name, mimeType, buffer) {
  const transfer = await page.evaluateHandle(({ name, mimeType, text }) => {
    const data = new DataTransfer();
    data.items.add(new File([text], name, { type: mimeType }));
    return data;
  }, { name, mimeType, text: buffer.toString('utf8') });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

/** Lines of the live training page's chart and its status, as they are now. */
const liveState = (page) => page.evaluate(() => {
  const live = document.querySelector('[data-testid=live]');
  return {
    status: live?.dataset.status ?? null,
    epochs: Number(live?.dataset.epochs ?? -1),
    points: (live?.querySelector('[data-testid=training-chart] polyline.train')?.getAttribute('points') ?? '').split(' ').filter(Boolean).length,
  };
});

test('a model team goes from nothing to a reward model in the browser', { timeout: 420_000 }, async (t) => {
  const run = randomBytes(3).toString('hex');
  const name = `Team flow ${run}`;
  const page = await browser.newPage();
  const cspViolations = [];
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text()); });
  page.on('dialog', (dialog) => dialog.accept());
  await loginInBrowser(page, MODELER_USER, MODELER_PASSWORD);
  const modeler = await apiLogin(MODELER_USER, MODELER_PASSWORD); // to check results only

  // ---- the wizard ----
  await page.click('[data-testid=new-campaign]');
  await page.waitForURL((url) => url.pathname === '/campaigns/new');
  const wizard = page.locator('[data-testid=wizard-form]');
  await wizard.locator('input[name=name]').fill(name);
  await wizard.locator('textarea[name=instructions]').fill('Pick the **more helpful** reply.\n\n<script>window.__xss = 1</script>');
  await page.locator('[data-testid=preview] strong', { hasText: 'more helpful' }).waitFor();
  assert.equal(await page.locator('[data-testid=preview] script').count(), 0, 'the preview renders markdown, never raw HTML');
  assert.match(await page.locator('[data-testid=preview]').innerText(), /<script>/, 'HTML in the instructions is shown as text');
  await page.click('[data-wizard=next]');
  assert.ok(await wizard.locator('input[name=kind][value=PAIRWISE]').isChecked(), 'pairwise is the default kind');
  // live validation of the kind's settings: a ranking k out of range is named as the team types
  await wizard.locator('input[name=kind][value=RANKING]').check();
  await wizard.locator('input[name=k]').fill('40');
  await page.locator('[data-testid=problems]', { hasText: /'k'|from 2 to 32/ }).waitFor();
  await wizard.locator('input[name=kind][value=PAIRWISE]').check();
  assert.ok(await wizard.locator('input[name=k]').isHidden(), "another kind's settings are hidden");
  await page.locator('[data-testid=check-ok]').waitFor();
  await page.click('[data-wizard=next]');
  await wizard.locator('input[name=overlap]').fill('zero');
  await page.locator('[data-testid=problems]', { hasText: /Overlap/ }).waitFor();
  await wizard.locator('input[name=overlap]').fill('1');
  await wizard.locator('input[name=goldRate]').fill('0');
  await wizard.locator('input[name=honeypotRate]').fill('0');
  await page.locator('[data-testid=check-ok]').waitFor();
  await page.click('[data-wizard=next]');
  assert.match(await page.locator('[data-testid=review-kind]').innerText(), /PAIRWISE/);
  await Promise.all([
    page.waitForURL((url) => /^\/campaigns\/\d+$/.test(url.pathname)),
    page.click('[data-testid=create]'),
  ]);
  const campaignId = Number(new URL(page.url()).pathname.split('/').pop());
  t.diagnostic(`campaign ${campaignId}`);
  assert.equal(await page.locator('[data-testid=state]').innerText(), 'draft');
  const created = await api(modeler, 'GET', `/api/campaigns/${campaignId}`);
  assert.equal(created.name, name);
  assert.equal(created.overlap, 1);

  // ---- prompts: a file with bad lines is refused as a whole, every bad line in a table ----
  const prompts = Array.from({ length: PROMPTS }, (_, i) => ({ id: `p${i + 1}`, prompt: `How do I do task ${i + 1} well? (${run})` }));
  const bad = Buffer.from([
    JSON.stringify(prompts[0]),
    JSON.stringify({ id: 'p2' }),
    '{"id": "p3", "prompt": ',
    JSON.stringify(prompts[3]),
  ].join('\n') + '\n', 'utf8');
  await dropFile(page, '[data-testid=prompts-upload]', 'bad.jsonl', 'application/jsonl', bad);
  const lines = page.locator('[data-testid=prompts-upload] [data-testid=bad-lines] tbody tr');
  await lines.first().waitFor();
  const rows = await lines.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  t.diagnostic(`bad lines: ${JSON.stringify(rows)}`);
  assert.deepEqual(rows.map((r) => r[0]), ['2', '3'], 'both bad lines are listed by number');
  assert.ok(rows.every((r) => r[1].length > 5), 'each bad line has its reason');
  assert.equal((await api(modeler, 'GET', `/api/campaigns/${campaignId}/prompts`)).length, 0, 'nothing was stored');
  assert.equal(await page.locator('[data-testid=prompts-upload] [data-status]').getAttribute('class'), 'error');

  await Promise.all([
    page.waitForEvent('load'),
    dropFile(page, '[data-testid=prompts-upload]', 'prompts.jsonl', 'application/jsonl', jsonl(prompts)),
  ]);
  await page.locator('[data-testid=prompt-count]', { hasText: String(PROMPTS) }).waitFor();
  assert.equal((await api(modeler, 'GET', `/api/campaigns/${campaignId}/prompts`)).length, PROMPTS);

  // ---- two candidates with uploaded outputs ----
  const panel = page.locator('[data-testid=candidates-panel]');
  for (const style of ['terse', 'wordy']) {
    const candidateName = `team-${style}-${run}`;
    const form = panel.locator('[data-testid=register-candidate]');
    if (!(await form.isVisible())) await panel.locator('details.register summary').click();
    await form.locator('input[name=name]').fill(candidateName);
    await form.locator('select[name=kind]').selectOption('UPLOADED_OUTPUTS');
    await form.locator('button[type=submit]').click();
    const row = panel.locator(`tr[data-name="${candidateName}"]`);
    await row.waitFor();
    const outputs = prompts.map((p, i) => ({
      prompt_id: p.id,
      output: style === 'terse' ? `Do ${i + 1}.` : `Here is a careful plan for task ${i + 1}: prepare, then work step by step.`,
    }));
    await row.locator('input[type=file]').setInputFiles({ name: `${style}.jsonl`, mimeType: 'application/jsonl', buffer: jsonl(outputs) });
    await panel.locator(`tr[data-name="${candidateName}"][data-in-campaign=true]`).waitFor();
    assert.match(await panel.locator(`tr[data-name="${candidateName}"] [data-testid=part]`).innerText(), new RegExp(`${PROMPTS} replies`));
  }

  // ---- open ----
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid=open]')]);
  await page.locator('[data-testid=state]', { hasText: 'open' }).waitFor();
  const opened = await poll(async () => {
    const c = await api(modeler, 'GET', `/api/campaigns/${campaignId}`);
    return c.progress.tasksTotal === PROMPTS ? c : null;
  }, { timeoutMs: 30_000 });
  assert.ok(opened, 'opening made one task per prompt');

  // ---- labelers answer (through the API) ----
  const admin = await apiLogin(ADMIN_USER, ADMIN_PASSWORD);
  const labeler = { username: `team-e2e-${run}`, password: `pw-${randomBytes(8).toString('hex')}` };
  await api(admin, 'POST', '/api/users', { ...labeler, role: 'labeler' });
  const labelerSession = await apiLogin(labeler.username, labeler.password);
  for (let i = 0; i < PROMPTS; i++) {
    const task = await api(labelerSession, 'POST', `/api/campaigns/${campaignId}/tasks/next`);
    // the wordy reply wins: it is A or B depending on the side it was shown on
    const wordyLeft = /careful plan/.test(task.replyA);
    await api(labelerSession, 'POST', `/api/campaigns/${campaignId}/tasks/${task.taskId}/answer`, { choice: wordyLeft ? 'A' : 'B' });
  }
  const answered = await poll(async () => {
    const c = await api(modeler, 'GET', `/api/campaigns/${campaignId}`);
    return c.progress.answersAccepted === PROMPTS ? c : null;
  }, { timeoutMs: 30_000 });
  assert.ok(answered, 'every answer was counted');

  // the dashboard's answers chart shows them
  await open(page, `${BASE_URL}/campaigns/${campaignId}`);
  await page.locator('[data-testid=answers-total]', { hasText: String(PROMPTS) }).waitFor();
  const bars = await page.locator('[data-testid=answers-chart] rect.bar').evaluateAll((rects) => rects.map((r) => Number(r.dataset.answers)));
  assert.equal(bars.reduce((a, b) => a + b, 0), PROMPTS, 'the bars add up to the answers');
  assert.ok(await page.locator('[data-testid=eta]').isVisible());

  // ---- the model leaderboard with its interval chart, and the win-rate heatmap: a table with the numbers ----
  const models = page.locator('[data-testid=leaderboard-panel]');
  await models.locator('[data-testid=interval-chart]').waitFor({ timeout: 45_000 }); // the panel polls every 30 s
  const heatmap = models.locator('table[data-testid=win-heatmap]');
  await heatmap.waitFor();
  assert.equal(await heatmap.locator('thead th[scope=col]').count(), 3, 'a header cell per model, and one for the row names');
  const cellsOf = (candidate) => heatmap.locator(`tbody tr[data-model="${candidate}"] td`).allInnerTexts();
  const wordyCells = await cellsOf(`team-wordy-${run}`);
  const terseCells = await cellsOf(`team-terse-${run}`);
  t.diagnostic(`heatmap: wordy ${JSON.stringify(wordyCells)}, terse ${JSON.stringify(terseCells)}`);
  assert.ok(wordyCells.some((c) => /100%/.test(c) && c.includes(`${PROMPTS} of ${PROMPTS}`)), 'the wordy model won every decided task, in numbers');
  assert.ok(terseCells.some((c) => /(^|\D)0%/.test(c) && c.includes(`0 of ${PROMPTS}`)), 'the terse model won none');
  assert.equal(await models.locator(`[data-testid=leaderboard] td`, { hasText: `team-wordy-${run}` }).count(), 1);

  // ---- quality settings: checked as the team types by the API's rules; a refused value shows the API's sentence ----
  const settings = page.locator('[data-testid=quality-settings]');
  await settings.waitFor();
  await settings.locator('[data-testid=max-overlap]').fill('0');
  await settings.locator('[data-testid=settings-problem]', { hasText: /maxOverlap.*between the campaign's overlap \(1\) and 100/ }).waitFor();
  await settings.locator('[data-testid=save-settings]').click();
  await settings.locator('[data-testid=settings-error]', { hasText: /between the campaign's overlap \(1\) and 100/ }).waitFor();
  assert.equal((await api(modeler, 'GET', `/api/campaigns/${campaignId}/quality/settings`)).maxOverlap, 1, 'a refused value is not saved');
  await settings.locator('[data-testid=max-overlap]').fill('3');
  await settings.locator('[data-testid=gold-rate]').fill('7.5');
  await page.locator('[data-testid=settings-check][data-ok=true]').waitFor({ state: 'attached' }); // empty: nothing to say
  await settings.locator('[data-testid=save-settings]').click();
  await settings.locator('[data-testid=settings-saved]').waitFor();
  assert.ok(await settings.locator('[data-testid=settings-error]').isHidden(), 'the earlier problem is gone');
  const saved = await api(modeler, 'GET', `/api/campaigns/${campaignId}/quality/settings`);
  assert.deepEqual([saved.maxOverlap, saved.goldRate], [3, 0.075], 'dynamic overlap and the gold rate (7.5 % is 0.075) were saved');

  // ---- snapshot, download pairs.jsonl ----
  await page.locator('[data-testid=snapshot]').click();
  await page.locator('[data-testid=snapshot-1]').waitFor();
  const shownSha = (await page.locator('[data-testid=snapshot-1] [data-testid="sha-pairs.jsonl"]').innerText()).trim();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=snapshot-1] [data-testid="file-pairs.jsonl"]'),
  ]);
  const bytes = await readFile(await download.path());
  const pairs = bytes.toString('utf8').trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(pairs.length, PROMPTS, 'one pair per prompt');
  assert.ok(pairs.every((p) => /careful plan/.test(p.chosen) && p.prompt && p.rejected), 'the labelers\' choices are the chosen replies');
  assert.equal(createHash('sha256').update(bytes).digest('hex'), shownSha, 'the file hashes to the SHA-256 the page shows');

  // ---- train a reward model from the snapshot, in one click (and a few settings) ----
  const train = page.locator('[data-testid=train-1]');
  await train.locator('summary').click();
  await train.locator('input[name=epochs]').fill(String(EPOCHS));
  await train.locator('input[name=batchSize]').fill('1');
  await train.locator('input[name=patience]').fill(String(EPOCHS));
  await Promise.all([
    page.waitForURL((url) => /^\/reward-models\/jobs\/\d+$/.test(url.pathname), { timeout: 30_000 }),
    train.locator('[data-testid=train]').click(),
  ]);
  const jobId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.locator('[data-testid=live]').waitFor();
  const job = await api(modeler, 'GET', `/api/reward-models/jobs/${jobId}`);
  assert.equal(job.pairs, PROMPTS, 'the job trains on the snapshot\'s pairs');
  const seen = [];
  const deadline = Date.now() + 240_000;
  for (;;) {
    const state = await liveState(page);
    if (!seen.length || JSON.stringify(state) !== JSON.stringify(seen[seen.length - 1])) {
      seen.push(state);
      t.diagnostic(`${state.status} epoch ${state.epochs}, chart ${state.points} points`);
    }
    if (!['QUEUED', 'RUNNING'].includes(state.status) || Date.now() > deadline) break;
    await page.waitForTimeout(250);
  }
  const done = seen[seen.length - 1];
  assert.equal(done.status, 'SUCCEEDED');
  const drawn = seen.filter((s) => s.points > 0).map((s) => s.points);
  assert.ok(drawn.length >= 2 && drawn[drawn.length - 1] > drawn[0], `the chart advanced while the page was open: ${drawn}`);

  // ---- pause, resume, close ----
  await open(page, `${BASE_URL}/campaigns/${campaignId}`);
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid=pause]')]);
  await page.locator('[data-testid=state]', { hasText: 'paused' }).waitFor();
  assert.equal((await api(modeler, 'GET', `/api/campaigns/${campaignId}`)).status, 'paused');
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid=resume]')]);
  await page.locator('[data-testid=state]', { hasText: 'open' }).waitFor();
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid=close]')]);
  await page.locator('[data-testid=state]', { hasText: 'closed' }).waitFor();
  assert.equal((await api(modeler, 'GET', `/api/campaigns/${campaignId}`)).status, 'closed');
  assert.deepEqual(cspViolations, [], 'nothing tripped the Content-Security-Policy');
  await page.close();
});
