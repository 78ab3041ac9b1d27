// The task player as a labeler uses it: log in, pick a campaign, answer with the keyboard only,
// without full page reloads, and see the campaign's progress move.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, launchBrowser, loginInBrowser, open, poll, setUp } from './support.mjs';

let data;
let browser;
let page;

before(async () => {
  data = await setUp({ xss: false });
  browser = await launchBrowser();
  page = await browser.newPage();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

const card = () => page.locator(`article.card.campaign[data-campaign="${data.normal.id}"]`);

/** Answers accepted so far, read from the campaign's card on /campaigns. */
async function answersAccepted() {
  const text = await card().locator('[data-testid=progress]').innerText();
  const match = /(\d+) of (\d+) answers/.exec(text);
  assert.ok(match, `progress text "${text}" should read "X of Y answers"`);
  return { accepted: Number(match[1]), text };
}

/** What the player shows now: answered count, task id and prompt text. */
async function playerState() {
  return page.evaluate(() => ({
    answered: document.querySelector('[data-testid=answered]')?.textContent.trim(),
    task: document.querySelector('form.answer')?.dataset.task ?? null,
    prompt: document.querySelector('[data-testid=prompt]')?.textContent.trim() ?? null,
    notice: document.querySelector('[data-testid=notice]')?.textContent.trim() ?? null,
  }));
}

/** The player of the run's campaign, logging in first if the session is gone. */
async function openPlayer() {
  await open(page, `${BASE_URL}/play/${data.normal.id}`);
  if (new URL(page.url()).pathname === '/login') {
    await loginInBrowser(page, data.labeler.username, data.labeler.password);
    await open(page, `${BASE_URL}/play/${data.normal.id}`);
  }
}

const answeredCount = (text) => Number(/^(\d+) answered$/.exec(text ?? '')?.[1] ?? NaN);

test('a labeler answers three comparisons with keys 1, 2, 3 without a page reload, and progress moves', { timeout: 60_000 }, async () => {
  await loginInBrowser(page, data.labeler.username, data.labeler.password);

  await open(page, `${BASE_URL}/campaigns`);
  await card().waitFor();
  const baseline = await answersAccepted();

  await Promise.all([
    page.waitForURL((url) => url.pathname === `/play/${data.normal.id}`),
    card().getByRole('link', { name: 'Start labeling' }).click(),
  ]);
  await page.locator('[data-testid=prompt]').waitFor();

  // Anything that replaces the document (a full navigation) loses this marker.
  await page.evaluate(() => { window.__marker = 42; });
  let navigations = 0;
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations++; });

  let state = await playerState();
  const start = answeredCount(state.answered);
  assert.ok(Number.isInteger(start), `answered counter should read "N answered", got "${state.answered}"`);
  if (data.normal.created) assert.equal(start, 0, 'a fresh labeler starts at 0 answered');

  for (const key of ['1', '2', '3']) {
    const previous = state;
    assert.ok(previous.task, `a task should be shown before pressing ${key}`);
    await page.keyboard.press(key);
    const expected = `${start + Number(key)} answered`;
    await page.waitForFunction(
      ({ expected, task }) => {
        const answered = document.querySelector('[data-testid=answered]');
        const form = document.querySelector('form.answer');
        return answered?.textContent.trim() === expected && (!form || form.dataset.task !== task);
      },
      { expected, task: previous.task },
      { timeout: 15_000 },
    );
    state = await playerState();
    assert.equal(state.answered, expected);
    assert.equal(state.notice, 'Saved.', `after pressing ${key} the player should confirm the answer; `
      + `marker=${await page.evaluate(() => window.__marker)}, navigations=${navigations}, player: `
      + (await page.locator('#player').innerHTML()).slice(0, 600));
    assert.notEqual(state.task, previous.task, `pressing ${key} should move on to another task`);
    if (data.normal.created) {
      // One pair per prompt in the campaign made for this run, so the prompt changes too.
      assert.notEqual(state.prompt, previous.prompt, `pressing ${key} should show a new prompt`);
    }
  }

  assert.equal(await page.evaluate(() => window.__marker), 42, 'the page must not fully reload between answers');
  assert.equal(navigations, 0, 'no main-frame navigation should happen while answering');
  assert.equal(new URL(page.url()).pathname, `/play/${data.normal.id}`);

  // Progress counters update asynchronously (outbox relay): poll the campaigns page.
  const target = baseline.accepted + 3;
  const seen = await poll(async () => {
    await open(page, `${BASE_URL}/campaigns`);
    const now = await answersAccepted();
    return now.accepted >= target ? now : null;
  }, { timeoutMs: 15_000, intervalMs: 750 });
  const last = seen ?? (await answersAccepted());
  assert.ok(seen, `progress should reach ${target} answers within 15 s; it reads "${last.text}"`);
  if (data.normal.created) {
    // Nobody else answers the campaign made for this run: exactly our 3 answers.
    assert.equal(seen.accepted, target, `progress should count exactly the 3 new answers: "${seen.text}"`);
    assert.match(seen.text, /\b3 of \d+ answers/);
  }
});

test('typing 1-4 in the reason box writes text and does not answer', { timeout: 60_000 }, async () => {
  await openPlayer();
  await page.locator('form.answer').waitFor();
  const initial = await playerState();

  const reason = page.locator('form.answer textarea[name=reason]');
  await reason.click();
  const typed = '1 2 3 4 because A cites 2 sources';
  await page.keyboard.type(typed);
  await page.keyboard.press('1');
  await page.waitForTimeout(1_500);

  assert.equal(await reason.inputValue(), `${typed}1`, 'the digits should land in the reason box');
  const afterTyping = await playerState();
  assert.equal(afterTyping.answered, initial.answered, 'typing in the reason box must not answer');
  assert.equal(afterTyping.task, initial.task, 'the same task should still be shown');
  assert.equal(afterTyping.notice, null, 'no "Saved." notice should appear');
  assert.equal(await page.locator('form.answer button:disabled').count(), 0, 'no answer should be in flight');
});

test('each flag checkbox sits beside its label, on one line', { timeout: 60_000 }, async () => {
  await openPlayer();
  await page.locator('[data-testid=flags]').waitFor();
  const boxes = await page.locator('[data-testid=flags] label').evaluateAll((labels) => labels.map((label) => {
    const box = label.querySelector('input[type=checkbox]').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label);
    range.setStartAfter(label.querySelector('input'));
    const text = range.getBoundingClientRect();
    return { name: label.textContent.trim(), box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width },
      text: { left: text.left, top: text.top, bottom: text.bottom } };
  }));
  assert.ok(boxes.length >= 2, 'the campaign has flags on both replies');
  for (const { name, box, text } of boxes) {
    assert.ok(box.width < 30, `the "${name}" checkbox is a box, not a full-width field (${box.width}px)`);
    const middle = (box.top + box.bottom) / 2;
    assert.ok(middle > text.top && middle < text.bottom, `the "${name}" checkbox is on its label's line: ${JSON.stringify({ box, text })}`);
    assert.ok(box.right <= text.left + 1, `the "${name}" checkbox comes before its text`);
  }
});
