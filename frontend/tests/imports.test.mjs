// Imports of existing annotations through the campaign page, as a model team does them: the real samples in
// ../shared/data dropped on or chosen into the page's import zones (Chatbot Arena battles on a pairwise campaign,
// OpenAssistant trees on a ranking one, a Label Studio export on a categorical one), and a broken copy of the Arena
// sample that the page refuses with a table of its bad lines while nothing is stored. The page is the only way in;
// the API is called to set up the campaigns and to check what was stored.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { BASE_URL, api, apiLogin, launchBrowser, loginInBrowser, open, poll } from './support.mjs';

const MODELER_USER = process.env.LAUREL_MODELER_USER || 'modeler';
const MODELER_PASSWORD = process.env.LAUREL_MODELER_PASSWORD || 'laurel-demo';
const DATA = new URL('../../../shared/data/', import.meta.url);

let browser;
let modeler;

before(async () => {
  browser = await launchBrowser();
  modeler = await apiLogin(MODELER_USER, MODELER_PASSWORD);
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

const draft = (kind, settings = {}) => api(modeler, 'POST', '/api/campaigns', {
  name: `Imports ${kind.toLowerCase()} ${randomBytes(3).toString('hex')}`,
  description: 'Created by the browser test of imports.',
  overlap: 3,
  kind,
  settings,
});

/** The campaign's page, logged in as the modeler. */
async function campaignPage(id) {
  const page = await browser.newPage();
  await loginInBrowser(page, MODELER_USER, MODELER_PASSWORD);
  await open(page, `${BASE_URL}/campaigns/${id}`);
  return page;
}

/**
 * Chooses a file in a drop zone's file input and returns the import's answer ({status, body}). The answer is read on
 * its way to the page (a stored import reloads the page, after which a response's body can no longer be read).
 */
async function choose(page, zone, input, name, buffer) {
  let answered;
  let failed;
  const seen = new Promise((resolve, reject) => { answered = resolve; failed = reject; });
  await page.route(/\/imports\//, async (route) => {
    try {
      const response = await route.fetch({ timeout: 120_000 });
      answered({ status: response.status(), body: await response.json() });
      await route.fulfill({ response });
    } catch (error) {
      failed(error); // the test says why instead of waiting for its own timeout
      await route.abort().catch(() => {});
    }
  });
  await page.locator(`[data-testid=${zone}] ${input}`).setInputFiles({ name, mimeType: 'application/json', buffer });
  let timer;
  const result = await Promise.race([seen, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to the ${zone} upload of ${name} within 150 s`)), 150_000);
  })]).finally(() => clearTimeout(timer));
  await page.unrouteAll({ behavior: 'wait' });
  return result;
}

test('Arena battles: a broken copy is refused line by line and stores nothing; the real sample imports', { timeout: 240_000 }, async () => {
  const campaign = await draft('PAIRWISE');
  const page = await campaignPage(campaign.id);
  const battles = await readFile(new URL('arena-battles-sample/battles.jsonl', DATA), 'utf8');
  const lines = battles.split('\n').filter((line) => line.trim());
  const wrongWinner = JSON.parse(lines[1]);
  wrongWinner.winner = 'both';
  const broken = Buffer.from([lines[0], JSON.stringify(wrongWinner), lines[2], '{"model_a": ', lines[4]].join('\n') + '\n');

  const refused = await choose(page, 'arena-import', 'input[type=file]', 'broken.jsonl', broken);
  assert.equal(refused.status, 400);
  const rows = page.locator('[data-testid=arena-import] [data-testid=bad-lines] tbody tr');
  await rows.first().waitFor();
  const table = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.deepEqual(table.map(([line]) => line), ['2', '4'], JSON.stringify(table));
  assert.match(table[0][1], /winner/, 'the reason names the field');
  assert.equal(await page.locator('[data-testid=arena-import] [data-status]').getAttribute('class'), 'error');
  assert.equal((await api(modeler, 'GET', `/api/campaigns/${campaign.id}/prompts`)).length, 0, 'nothing stored');

  const [, done] = await Promise.all([
    page.waitForEvent('load', { timeout: 120_000 }), // the page reloads once the import is stored
    choose(page, 'arena-import', 'input[type=file]', 'battles.jsonl', Buffer.from(battles)),
  ]);
  assert.equal(done.status, 201, JSON.stringify(done.body));
  assert.equal(done.body.answers, 112);
  // the campaign page read the (empty) board before the import: within the debounce period that board is served
  // as it was, marked stale, so wait for the recomputed one
  const board = await poll(async () => {
    const current = await api(modeler, 'GET', `/api/campaigns/${campaign.id}/leaderboard`);
    return current.stale ? null : current;
  }, { timeoutMs: 30_000 });
  assert.ok(board, 'the board was recomputed within 30 s of the import');
  assert.equal(board.votes, 112);
  assert.equal(board.models.length, 11);
  await page.close();
});

test('OpenAssistant trees: every ranked group becomes a ranking task of its own size', { timeout: 240_000 }, async () => {
  const campaign = await draft('RANKING');
  const page = await campaignPage(campaign.id);
  const trees = await readFile(new URL('oasst-trees-sample/oasst2_ready_sample.trees.jsonl', DATA));
  const [, done] = await Promise.all([
    page.waitForEvent('load', { timeout: 120_000 }), // a stored import reloads the page: let it finish before closing
    choose(page, 'oasst-import', 'input[type=file]', 'trees.jsonl', trees),
  ]);
  assert.equal(done.status, 201, JSON.stringify(done.body));
  assert.equal(done.body.answers, 202, 'the sample README counts 205 groups; 3 lose their ranked replies to deleted or spam messages');
  await page.close();
});

test('Label Studio: a choices export names its prompt field in the page and imports as labels', { timeout: 240_000 }, async () => {
  const campaign = await draft('CATEGORICAL', { labels: ['Positive', 'Negative', 'Neutral'] });
  const page = await campaignPage(campaign.id);
  const tasks = [];
  for (let i = 0; i < 4; i++) {
    tasks.push(JSON.parse(await readFile(new URL(`labelstudio-export-sample/editor-examples/sentiment_analysis/annotations/${i}.json`, DATA), 'utf8')));
  }
  const file = Buffer.from(JSON.stringify(tasks));
  // without saying which text field is the review, the page shows the API's sentence naming the option to set
  const unsure = await choose(page, 'labelstudio-import', '[data-testid=labelstudio-import-input]', 'export.json', file);
  assert.equal(unsure.status, 400);
  await page.locator('[data-testid=labelstudio-import] [data-status].error').waitFor();
  assert.match(await page.locator('[data-testid=labelstudio-import]').innerText(), /name the data field that holds the prompt/);
  await page.locator('[data-testid=labelstudio-import] input[data-param=prompt]').fill('reviewText');
  const [, done] = await Promise.all([
    page.waitForEvent('load', { timeout: 120_000 }),
    choose(page, 'labelstudio-import', '[data-testid=labelstudio-import-input]', 'export.json', file),
  ]);
  assert.equal(done.status, 201, JSON.stringify(done.body));
  assert.equal(done.body.answers, 4);
  await page.close();
});
