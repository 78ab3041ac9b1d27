// The labelers' leaderboard page: after answering a task a labeler finds their own row, marked, with
// their rank (globally and on the campaign's board), switches period and campaign with the keyboard,
// and at phone width (390 × 844) the page never scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL, api, apiLogin, createLabeler, launchBrowser, loginInBrowser, open, poll, screenshot, setUp, sidewaysScroll,
} from './support.mjs';

let data;
let browser;

before(async () => {
  data = await setUp({ xss: false });
  browser = await launchBrowser();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

/** The page's own row of the viewer: rank, name and points as shown, and where it sits (top or pinned). */
const myRow = (page) => page.evaluate(() => {
  const row = document.querySelector('[data-testid=leaderboard] tr.mine');
  if (!row) return null;
  const cells = [...row.querySelectorAll('td')].map((td) => td.textContent.trim());
  return { rank: Number(cells[0]), name: cells[1], points: Number(cells[2]), part: row.dataset.testid };
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the page says of the viewer's rank: the number, or null when they are not on the board. */
const statedRank = async (page) => {
  const text = await page.locator('[data-testid=my-rank]').innerText();
  const match = text.match(/#(\d+)/);
  return match ? Number(match[1]) : null;
};

/** Answers one task of a campaign through the API as a labeler session, after the rule's minimum time. */
async function answerThroughApi(session, campaignId) {
  const task = await api(session, 'POST', `/api/campaigns/${campaignId}/tasks/next`);
  await sleep(3_300); // the default rule pays nothing for answers under 3 s
  await api(session, 'POST', `/api/campaigns/${campaignId}/tasks/${task.taskId}/answer`, { choice: 'A' });
}

/** Answers the task shown in the player with key 1, once the rule's minimum time has passed; waits for the next one. */
async function answerInPlayer(page) {
  const task = await page.locator('form.answer').getAttribute('data-task');
  await sleep(3_300);
  await page.keyboard.press('1');
  await page.waitForFunction((previous) => document.querySelector('form.answer')?.dataset.task !== previous, task);
}

test('a labeler answers a task and finds their rank on the leaderboard page', { timeout: 90_000 }, async () => {
  const page = await browser.newPage();
  await loginInBrowser(page, data.labeler.username, data.labeler.password);
  await page.locator('nav a[href="/leaderboards"]').waitFor(); // in the labeler's menu

  await open(page, `${BASE_URL}/play/${data.normal.id}`);
  await page.locator('[data-testid=prompt]').waitFor();
  await page.waitForTimeout(3_300); // the default rule pays nothing for answers under 3 s
  await page.keyboard.press('1');
  // points arrive a moment after the answer: the XP bar shows them
  await page.waitForFunction(() => {
    const text = document.querySelector('[data-testid=xp-points]')?.textContent.trim();
    return text && text !== '0 XP';
  }, null, { timeout: 20_000 });

  // today's global board: the labeler's row is marked, in the top or pinned under it, with their rank
  const mine = await poll(async () => {
    await open(page, `${BASE_URL}/leaderboards?period=day`);
    return myRow(page);
  });
  assert.ok(mine, 'the labeler has a row on today\'s board');
  assert.match(mine.name, new RegExp(`^${data.labeler.username}\\b`));
  assert.ok(mine.rank >= 1 && mine.points > 0, `rank and points shown: ${JSON.stringify(mine)}`);
  const stated = await page.locator('[data-testid=my-rank]').innerText();
  assert.match(stated, new RegExp(`#${mine.rank}\\b`), 'the rank is also stated in words');
  if (mine.part === 'pinned-row') {
    assert.ok(mine.rank > 20, 'a pinned row is below the top 20');
  }

  // keyboard: a period tab is a link (Enter follows it), the campaign a select plus a button
  await page.locator('[data-testid=period-week]').focus();
  await Promise.all([page.waitForURL(/period=week/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('[data-testid=period-week]').getAttribute('aria-current'), 'page');
  await page.locator('[data-testid=campaign-select]').focus();
  await page.locator('[data-testid=campaign-select]').selectOption(String(data.normal.id));
  await page.locator('[data-testid=show-board]').focus();
  await Promise.all([page.waitForURL(new RegExp(`campaign=${data.normal.id}`)), page.keyboard.press('Enter')]);
  assert.match(page.url(), /period=week/, 'the period is kept');
  // the campaign is fresh: the labeler is its only one with points
  const onCampaign = await myRow(page);
  assert.deepEqual([onCampaign?.rank, onCampaign?.part], [1, 'top-row'], JSON.stringify(onCampaign));
  assert.equal(onCampaign.points, mine.points, 'all their points today are on this campaign');
  await page.close();
});

test('at 390 × 844 the leaderboard page has no horizontal scroll', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await loginInBrowser(page, data.labeler.username, data.labeler.password);
  for (const query of ['period=all', 'period=day', `period=month&campaign=${data.normal.id}`]) {
    await open(page, `${BASE_URL}/leaderboards?${query}`);
    await page.locator('[data-testid=leaderboard]').waitFor();
    const { scrollWidth, clientWidth } = await sidewaysScroll(page);
    assert.ok(scrollWidth <= clientWidth, `${query}: page is ${scrollWidth}px wide in a ${clientWidth}px viewport`);
  }
  await open(page, `${BASE_URL}/leaderboards?period=week`);
  await screenshot(page, 'leaderboard-390x844');
  await page.close();
});

test('a labeler answers and sees their rank change on the leaderboard page', { timeout: 120_000 }, async () => {
  // a fresh campaign whose board has one rival, two answers ahead
  const own = await setUp({ xss: false });
  const rival = await createLabeler('rival');
  const rivalSession = await apiLogin(rival.username, rival.password);
  await answerThroughApi(rivalSession, own.normal.id);
  await answerThroughApi(rivalSession, own.normal.id);
  const board = `${BASE_URL}/leaderboards?period=day&campaign=${own.normal.id}`;

  const page = await browser.newPage();
  await loginInBrowser(page, own.labeler.username, own.labeler.password);
  const rivalShown = await poll(async () => {
    await open(page, board);
    return (await page.locator('[data-testid=top-row]').count()) === 1;
  });
  assert.ok(rivalShown, 'the rival is on the board');
  assert.equal(await statedRank(page), null, 'before answering, the labeler is not on the board');
  assert.equal(await myRow(page), null);

  // one answer: on the board, behind the rival
  await open(page, `${BASE_URL}/play/${own.normal.id}`);
  await page.locator('[data-testid=prompt]').waitFor();
  await answerInPlayer(page);
  const second = await poll(async () => {
    await open(page, board);
    return (await statedRank(page)) === 2 ? myRow(page) : null;
  });
  assert.deepEqual([second?.rank, second?.part], [2, 'top-row'], `one answer: second, ${JSON.stringify(second)}`);

  // two more answers: past the rival, first
  await open(page, `${BASE_URL}/play/${own.normal.id}`);
  await page.locator('[data-testid=prompt]').waitFor();
  await answerInPlayer(page);
  await answerInPlayer(page);
  const first = await poll(async () => {
    await open(page, board);
    return (await statedRank(page)) === 1 ? myRow(page) : null;
  }, { timeoutMs: 20_000 });
  assert.deepEqual([first?.rank, first?.part], [1, 'top-row'], `three answers: first, ${JSON.stringify(first)}`);
  assert.ok(first.points > second.points, 'more points than after one answer');
  const rows = await page.locator('[data-testid=top-row]').allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[1], new RegExp(rival.username), 'the rival is now second');
  await page.close();
});
