// One player per task kind, driven by the keyboard as a labeler would: ranking (numbers, arrows,
// J/K, drag), rubric (digits per dimension, Tab, Enter), categorical (digits, Enter), correction
// (edit, diff preview, Ctrl+Enter), pairwise flags, and skipping with a reason (S, arrows, Enter).
// Each answer must be saved without a reload.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { BASE_URL, api, createCampaign, launchBrowser, loginInBrowser, modelerSession, open, poll, setUp } from './support.mjs';

let data;
let browser;
let page;
const campaigns = {};
const run = randomBytes(4).toString('hex');

/** n prompts, answered by each named candidate with "<name> reply <i>". */
async function campaign(kind, settings, promptCount, candidates, promptText = (i) => `Players ${run} ${kind} question ${i}?`) {
  const prompts = Array.from({ length: promptCount }, (_, i) => ({ id: `q${i + 1}`, prompt: promptText(i + 1) }));
  const outputs = Object.fromEntries(candidates.map((name) => [`${name}-${kind}-${run}`,
    prompts.map((p, i) => ({ prompt_id: p.id, output: `${name} reply ${i + 1}` }))]));
  return createCampaign(await modelerSession(), `Players ${kind} ${run}`, prompts, outputs, { kind, settings });
}

before(async () => {
  data = await setUp({ normal: false, xss: false });
  campaigns.ranking = await campaign('RANKING', { k: 3 }, 2, ['alpha', 'beta', 'gamma']);
  campaigns.rubric = await campaign('RUBRIC', {
    dimensions: [{ name: 'helpfulness', description: 'Solves the task' }, { name: 'honesty', description: 'No made-up facts' }],
    scale: 5,
  }, 1, ['alpha']);
  campaigns.categorical = await campaign('CATEGORICAL', { labels: ['entailment', 'neutral', 'contradiction'] }, 2, [],
    (i) => `Text: the cat ${i} sleeps.\n\nHypothesis: an animal rests.`);
  campaigns.correction = await campaign('CORRECTION', undefined, 1, ['alpha']);
  campaigns.pairwise = await campaign('PAIRWISE', { flags: ['harmful', 'incorrect'] }, 1, ['alpha', 'beta']);
  campaigns.skip = await campaign('CATEGORICAL', { labels: ['yes', 'no'] }, 3, [], (i) => `Players ${run} skip item ${i}?`);
  browser = await launchBrowser();
  page = await browser.newPage();
  await loginInBrowser(page, data.labeler.username, data.labeler.password);
}, { timeout: 90_000 });

after(async () => {
  await browser?.close();
});

async function play(campaignId) {
  await open(page, `${BASE_URL}/play/${campaignId}`);
  await page.locator('form.answer').waitFor();
  await page.evaluate(() => { window.__marker = 42; });
}

/** Waits until the player confirms the answer and shows the next task (or the end). */
async function saved(previousTask) {
  await page.waitForFunction(
    (task) => document.querySelector('[data-testid=notice]')?.textContent.trim() === 'Saved.'
      && document.querySelector('form.answer')?.dataset.task !== task,
    previousTask,
    { timeout: 15_000 },
  );
  assert.equal(await page.evaluate(() => window.__marker), 42, 'the page must not reload');
}

const order = () => page.locator('li.rank-item').evaluateAll((items) => items.map((i) => Number(i.dataset.number)));
const taskId = () => page.locator('form.answer').getAttribute('data-task');

test('ranking: numbers pick a reply, arrows and J/K move it, Enter submits; dragging reorders', { timeout: 60_000 }, async () => {
  await play(campaigns.ranking.id);
  assert.deepEqual(await order(), [1, 2, 3], 'replies are numbered in the order shown');
  const texts = await page.locator('li.rank-item .md').allInnerTexts();
  assert.deepEqual(texts.map((t) => t.split(' ')[0]).sort(), ['alpha', 'beta', 'gamma']);

  await page.keyboard.press('3');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await order(), [3, 1, 2], 'reply 3 moved to the top with two ArrowUp');
  await page.keyboard.press('1');
  await page.keyboard.press('j');
  assert.deepEqual(await order(), [3, 2, 1], 'J moves the picked reply down');
  await page.keyboard.press('k');
  assert.deepEqual(await order(), [3, 1, 2], 'K moves it back up');
  assert.deepEqual(await page.locator('input[name=order]').evaluateAll((inputs) => inputs.map((i) => i.value)), ['3', '1', '2'],
    'the form sends the arranged order');
  const first = await taskId();
  await page.keyboard.press('Enter');
  await saved(first);

  // the second task: drag reply 1 below reply 3
  assert.deepEqual(await order(), [1, 2, 3]);
  await page.dragAndDrop('li.rank-item[data-number="1"]', 'li.rank-item[data-number="3"]', { targetPosition: { x: 20, y: 60 } });
  const dragged = await order();
  assert.notEqual(dragged[0], 1, `dragging reply 1 onto reply 3 should move it down, order is ${dragged}`);
  const second = await taskId();
  await page.keyboard.press('Enter');
  await saved(second);
  await page.locator('[data-testid=done]').waitFor();
});

test('rubric: digits rate the focused dimension, Enter waits until all are rated', { timeout: 60_000 }, async () => {
  await play(campaigns.rubric.id);
  const focused = () => page.evaluate(() => document.activeElement?.closest('fieldset.dimension')?.dataset.dimension ?? null);
  assert.equal(await focused(), 'helpfulness', 'the first dimension has the focus');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'honesty', 'Tab moves to the next dimension');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), 'helpfulness', 'ArrowUp moves back');
  await page.keyboard.press('4');
  assert.equal(await page.locator('input[name="rating:helpfulness"]:checked').getAttribute('value'), '4');
  assert.equal(await focused(), 'honesty', 'rating moves on to the next unrated dimension');
  const task = await taskId();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  assert.equal(await taskId(), task, 'Enter does not submit while a dimension is unrated');
  assert.equal(await page.locator('[data-testid=notice]').count(), 0);
  await page.keyboard.press('5');
  assert.equal(await page.locator('input[name="rating:honesty"]:checked').getAttribute('value'), '5');
  await page.keyboard.press('Enter');
  await saved(task);
});

test('categorical: a digit picks a label, Enter submits; the prompt item alone is shown', { timeout: 60_000 }, async () => {
  await play(campaigns.categorical.id);
  assert.match(await page.locator('[data-testid=prompt]').innerText(), /Hypothesis: an animal rests/);
  assert.equal(await page.locator('[data-testid=reply-1]').count(), 0, 'no reply is shown for a prompt item');
  const task = await taskId();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.equal(await taskId(), task, 'Enter without a label does nothing');
  await page.keyboard.press('2');
  await page.keyboard.press('3');
  const checked = () => page.locator('input[name=label]:checked').evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(await checked(), ['contradiction'], 'a single-label campaign keeps the last digit pressed');
  await page.keyboard.press('1');
  assert.deepEqual(await checked(), ['entailment']);
  await page.keyboard.press('Enter');
  await saved(task);
});

test('correction: the reply is prefilled, the diff preview follows the edit, Ctrl+Enter submits', { timeout: 60_000 }, async () => {
  await play(campaigns.correction.id);
  const box = page.locator('textarea[name=text]');
  assert.equal(await box.inputValue(), 'alpha reply 1');
  await box.focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' and more');
  await page.keyboard.press('Enter');
  assert.equal(await box.inputValue(), 'alpha reply 1 and more\n', 'Enter alone types a new line');
  await page.waitForFunction(() => document.querySelector('[data-testid=diff] ins')?.textContent.includes('and more'),
    null, { timeout: 10_000 });
  assert.equal(await page.locator('[data-testid=diff] del').count(), 0, 'nothing was removed');
  const task = await taskId();
  await page.keyboard.press('Control+Enter');
  await saved(task);
});

test('pairwise: flags on a reply and a rationale go with the answer key', { timeout: 60_000 }, async () => {
  await play(campaigns.pairwise.id);
  assert.equal(await page.locator('input[name=flag-B]').count(), 2, 'the campaign flags are offered per reply');
  await page.locator('input[name=flag-B][value=incorrect]').focus();
  await page.keyboard.press('Space');
  assert.ok(await page.locator('input[name=flag-B][value=incorrect]').isChecked());
  await page.locator('textarea[name=reason]').fill('B gets it wrong');
  await page.locator('input[name=flag-B][value=incorrect]').focus();
  const task = await taskId();
  await page.keyboard.press('1');
  await saved(task);
});

test('skip: S opens the reason picker, arrows pick a reason, Enter skips; own words work too', { timeout: 60_000 }, async () => {
  await play(campaigns.skip.id);
  const first = await taskId();
  await page.keyboard.press('s');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'reason', 'S focuses the reason picker');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const picked = await page.locator('select[name=reason]').inputValue();
  assert.equal(picked, 'The task is unclear or broken', 'arrows move through the reasons');
  await page.keyboard.press('Enter');
  await page.waitForFunction((task) => document.querySelector('[data-testid=notice]')?.textContent.trim() === 'Skipped.'
    && document.querySelector('form.answer')?.dataset.task !== task, first, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.__marker), 42, 'the page must not reload');

  // the second task: the labeler's own words, typed after Tab from the picker
  const second = await taskId();
  await page.keyboard.press('S');
  await page.keyboard.press('Tab');
  await page.keyboard.type('The hypothesis is missing');
  await page.keyboard.press('Enter');
  await page.waitForFunction((task) => document.querySelector('[data-testid=notice]')?.textContent.trim() === 'Skipped.'
    && document.querySelector('form.answer')?.dataset.task !== task, second, { timeout: 15_000 });

  // the model team reads why
  const reasons = await poll(async () => {
    const report = await api(await modelerSession(), 'GET', `/api/campaigns/${campaigns.skip.id}/quality`);
    return report.skipReasons.length === 2 ? report.skipReasons : null;
  });
  assert.deepEqual(reasons.map((r) => r.reason).sort(), ['The hypothesis is missing', 'The task is unclear or broken']);
  assert.ok(reasons.every((r) => r.skips === 1));
});
