// Labeler pages on a phone (390 × 844): no page scrolls sideways, the player's controls are tap targets of
// at least 44 × 44 px, every control of the pairwise player is reached with Tab, and its flag checkboxes
// sit level with their labels, one column per reply. Screenshots go to target/screenshots.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  BASE_URL, MODELER, api, apiLogin, createCampaign, createLabeler, launchBrowser, loginInBrowser, modelerSession, open,
  screenshot, setUp, sidewaysScroll,
} from './support.mjs';

let data;
let browser;
let flagged;
const run = randomBytes(4).toString('hex');
const FLAGS = ['harmful', 'incorrect', 'off topic or unrelated to the prompt'];

before(async () => {
  data = await setUp({ normal: false, xss: false });
  const prompts = [1, 2].map((i) => ({
    id: `m${i}`,
    prompt: `Mobile ${run} #${i}: compare these replies — with a very long word: ${'supercalifragilistic'.repeat(4)}`,
  }));
  flagged = await createCampaign(await modelerSession(), `Mobile pairwise with flags ${run}`, prompts, {
    [`mobile-a-${run}`]: prompts.map((p) => ({ prompt_id: p.id, output: `Reply A to ${p.id}:\n\n\`\`\`\n${'x = 1; '.repeat(40)}\n\`\`\`` })),
    [`mobile-b-${run}`]: prompts.map((p) => ({ prompt_id: p.id, output: `| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n| ${'cell '.repeat(6)} | 2 | 3 | 4 | 5 | 6 |` })),
  }, { settings: { flags: FLAGS } });
  browser = await launchBrowser();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

async function phone() {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await loginInBrowser(page, data.labeler.username, data.labeler.password);
  return page;
}

/** Visible controls smaller than 44 × 44 px (a checkbox or radio is measured by its label), inline text links excepted. */
const smallTargets = (page, scope) => page.evaluate((selector) => {
  const root = document.querySelector(selector);
  const controls = [...root.querySelectorAll('a[href], button, select, textarea, summary, input:not([type=hidden])')]
    .filter((el) => !el.closest('.md, p, li:not(.rank-item), td'));
  const small = [];
  for (const el of controls) {
    const target = ['checkbox', 'radio'].includes(el.type) ? el.closest('label') || el : el;
    const box = target.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue; // not shown
    if (box.height < 44 || box.width < 44) small.push(`${target.tagName.toLowerCase()} "${target.textContent.trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  return small;
}, scope);

const assertNoSidewaysScroll = async (page, what) => {
  const { scrollWidth, clientWidth } = await sidewaysScroll(page);
  assert.ok(scrollWidth <= clientWidth, `${what}: ${scrollWidth}px of content in a ${clientWidth}px viewport`);
};

test('the pairwise player at 390 × 844: no sideways scroll, 44 px tap targets, aligned flags, all reached with Tab', { timeout: 60_000 }, async () => {
  const page = await phone();
  await open(page, `${BASE_URL}/play/${flagged.id}`);
  await page.locator('[data-testid=flags]').waitFor();
  await screenshot(page, 'player-390x844');
  await assertNoSidewaysScroll(page, 'player');
  assert.deepEqual(await smallTargets(page, 'body'), [], 'every control of the page is a 44 px tap target');

  // flags: in each reply's set, the boxes share one left edge, each level with its label's text and left of it
  const sets = await page.evaluate(() => [...document.querySelectorAll('.flag-set')].map((set) => [...set.querySelectorAll('label')].map((label) => {
    const box = label.querySelector('input').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label);
    range.setStartAfter(label.querySelector('input'));
    const lines = [...range.getClientRects()].filter((r) => r.width > 0);
    const firstLine = lines.reduce((top, r) => (r.top < top.top ? r : top), lines[0]);
    return { left: box.left, boxMiddle: box.top + box.height / 2, boxRight: box.right, textLeft: firstLine.left,
      textMiddle: firstLine.top + firstLine.height / 2, lines: new Set(lines.map((r) => Math.round(r.top))).size };
  })));
  assert.equal(sets.length, 2, 'one flag set per reply');
  for (const labels of sets) {
    assert.equal(labels.length, FLAGS.length);
    for (const l of labels) {
      assert.ok(Math.abs(l.left - labels[0].left) < 1, `boxes share a left edge: ${JSON.stringify(labels)}`);
      assert.ok(l.textLeft >= l.boxRight, `the text starts right of its box: ${JSON.stringify(l)}`);
      if (l.lines === 1) assert.ok(Math.abs(l.boxMiddle - l.textMiddle) <= 2, `a box is level with its label: ${JSON.stringify(l)}`);
    }
  }

  // keyboard: Tab reaches every control of the player, in order
  await page.evaluate(() => document.activeElement?.blur());
  const wanted = await page.evaluate(() => [...document.querySelectorAll('#player input[type=checkbox], #player textarea, #player button, #player select, #player input[type=text]')]
    .map((el, i) => { el.dataset.tabProbe = String(i); return i; }));
  const reached = new Set();
  for (let i = 0; i < 80 && reached.size < wanted.length; i++) {
    await page.keyboard.press('Tab');
    const probe = await page.evaluate(() => document.activeElement?.dataset?.tabProbe);
    if (probe !== undefined) reached.add(Number(probe));
  }
  assert.equal(reached.size, wanted.length, `every player control is reached with Tab (${reached.size} of ${wanted.length})`);

  // a flag is checked by tapping its label, and the answer goes through
  await page.locator('.flag-set').first().locator('label', { hasText: 'incorrect' }).click();
  assert.equal(await page.locator('input[name=flag-A][value=incorrect]').isChecked(), true, 'tapping the label checks its box');
  await page.close();
});

test('a conversation ranked in a group of nine at 390 × 844: labelled turns, no sideways scroll, script shown as text', { timeout: 90_000 }, async () => {
  const messages = [
    { role: 'system', content: 'You are a patient tutor.' },
    { role: 'user', content: `Explain recursion ${run}` },
    { role: 'assistant', content: `Recursion is a function calling itself <script>window.pwned = 1</script> ${'recursively'.repeat(6)}` },
    { role: 'user', content: 'Give an example in Python.' },
  ];
  const replies = Object.fromEntries(Array.from({ length: 9 }, (_, n) => [`tutor-${n}-${run}`,
    [{ prompt_id: 'c1', output: `Reply ${n}:\n\n\`\`\`python\ndef f(n):\n    return 1 if n == 0 else n * f(n - 1)\n\`\`\`` }]]));
  const campaign = await createCampaign(await modelerSession(), `Mobile conversation ${run}`, [{ id: 'c1', messages }], replies,
    { kind: 'RANKING' });
  const page = await phone();
  await open(page, `${BASE_URL}/play/${campaign.id}`);
  await page.locator('[data-testid=conversation]').waitFor();
  await screenshot(page, 'conversation-ranking-390x844');
  await assertNoSidewaysScroll(page, 'conversation player');
  const roles = await page.locator('[data-testid=turn] .turn-role').allTextContents();
  assert.deepEqual(roles, ['System', 'User', 'Assistant'], 'each earlier turn names its role in words');
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'a turn\'s script never runs');
  assert.ok((await page.locator('[data-testid=conversation]').textContent()).includes('<script>window.pwned = 1</script>'),
    'the script is shown as text');
  assert.equal(await page.locator('li.rank-item').count(), 9, 'the group holds every reply of the prompt');
  await page.close();
});

test('labeler pages at 390 × 844 do not scroll sideways', { timeout: 90_000 }, async () => {
  const page = await phone();
  const pages = {
    campaigns: '/campaigns', progress: '/profile', quests: '/quests', leaderboards: '/leaderboards?period=month',
    welcome: '/welcome', practice: '/welcome/practice?step=1', rewards: '/payout', account: '/account', rules: '/rules',
  };
  for (const [name, path] of Object.entries(pages)) {
    const response = await open(page, `${BASE_URL}${path}`);
    assert.equal(response.status(), 200, path);
    await page.locator('main').waitFor();
    await assertNoSidewaysScroll(page, path);
    await screenshot(page, `${name}-390x844`);
  }
  // the practice player and the leaderboard's controls are tap targets too
  await open(page, `${BASE_URL}/welcome/practice?step=1`);
  assert.deepEqual(await smallTargets(page, 'body'), [], 'practice');
  await open(page, `${BASE_URL}/leaderboards`);
  assert.deepEqual(await smallTargets(page, 'body'), [], 'leaderboards');
  await page.close();
});

test('the campaign dashboard at 390 × 844 does not scroll sideways, heatmap and settings included', { timeout: 90_000 }, async () => {
  // three models with long names, so that the win-rate heatmap is as wide as a real one
  const prompts = [1, 2, 3].map((i) => ({ id: `d${i}`, prompt: `Dashboard ${run} #${i}?` }));
  const names = ['assistant-large-instruct-2026-12', 'assistant-medium-chat-baseline', 'assistant-small-distilled-v3']
    .map((name) => `${name}-${run}`);
  const campaign = await createCampaign(await modelerSession(), `Mobile dashboard ${run}`, prompts,
    Object.fromEntries(names.map((name, n) => [name, prompts.map((p) => ({ prompt_id: p.id, output: `Reply ${n} to ${p.id}.` }))])));
  const voter = await createLabeler('mobile-voter');
  const session = await apiLogin(voter.username, voter.password);
  for (let i = 0; i < 6; i++) {
    const task = await api(session, 'POST', `/api/campaigns/${campaign.id}/tasks/next`);
    if (!task) break;
    await api(session, 'POST', `/api/campaigns/${campaign.id}/tasks/${task.taskId}/answer`, { choice: i % 3 === 0 ? 'B' : 'A' });
  }
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await loginInBrowser(page, MODELER.username, MODELER.password);
  await open(page, `${BASE_URL}/campaigns/${campaign.id}`);
  await page.locator('[data-testid=win-heatmap]').waitFor({ timeout: 45_000 });
  await page.locator('[data-testid=quality-settings]').waitFor();
  await page.locator('[data-testid=answers-chart]').waitFor();
  await assertNoSidewaysScroll(page, 'the campaign dashboard');
  await screenshot(page, 'dashboard-390x844');
  await page.close();
});
