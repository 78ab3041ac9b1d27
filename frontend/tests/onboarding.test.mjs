// A labeler's first visit: the banner invites them to the tour; the welcome page explains points,
// quality and payouts; the practice is answered with the keyboard in the pairwise player, each answer
// followed by whether it was right and the explanation (the model team's own for their practice item);
// practice earns nothing; finishing ends the banner.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { BASE_URL, api, apiLogin, launchBrowser, loginInBrowser, modelerSession, open, setUp } from './support.mjs';

let data;
let browser;
const run = randomBytes(4).toString('hex');
const EXPLANATION = `Onboarding ${run}: Paris is the capital of France, so reply B is right.`;

before(async () => {
  data = await setUp({ xss: false });
  // the model team marks one gold item as practice, with its explanation; a real gold item stays out of the practice
  const gold = [
    { id: `real-${run}`, prompt: `Real gold ${run}`, reply_a: 'right', reply_b: 'wrong', answer: 'A' },
    { id: `practice-${run}`, prompt: `Practice ${run}: where is Paris?`, reply_a: 'Paris is in Italy.', reply_b: 'Paris is in France.',
      answer: 'B', explanation: EXPLANATION, practice: true },
  ].map((r) => JSON.stringify(r)).join('\n');
  await api(await modelerSession(), 'POST', `/api/campaigns/${data.normal.id}/gold`, gold, 'application/jsonl');
  browser = await launchBrowser();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

test('first visit: tour, keyboard practice with explanations that earns nothing, then no more banner', { timeout: 90_000 }, async () => {
  const page = await browser.newPage();
  await loginInBrowser(page, data.labeler.username, data.labeler.password);
  const banner = page.locator('[data-testid=onboarding-banner]');
  await banner.waitFor();
  await Promise.all([page.waitForURL(/\/welcome$/), banner.locator('[data-testid=take-tour]').click()]);
  for (const part of ['points', 'quality', 'payouts']) {
    assert.ok(await page.locator(`[data-testid=explain-${part}]`).isVisible(), `the tour explains ${part}`);
  }
  assert.match(await page.locator('[data-testid=explain-points]').innerText(), /\d+ points/);

  await page.locator('[data-testid=start-practice]').focus();
  await Promise.all([page.waitForURL(/\/welcome\/practice\?step=1/), page.keyboard.press('Enter')]);
  const total = Number((await page.locator('h1').innerText()).match(/of (\d+)/)[1]);
  assert.ok(total >= 3, `a few practice tasks: ${total}`);
  let sawTeamItem = false;
  for (let step = 1; step <= total; step++) {
    await page.locator('form.answer').waitFor();
    const prompt = await page.locator('[data-testid=prompt]').innerText();
    assert.doesNotMatch(prompt, new RegExp(`Real gold ${run}`), 'real gold is never practice');
    const isTeamItem = prompt.includes(`Practice ${run}`);
    sawTeamItem ||= isTeamItem;
    await page.keyboard.press(isTeamItem ? '1' : '2'); // the team's item answered wrongly on purpose (A, the answer is B)
    const feedback = page.locator('[data-testid=practice-feedback]');
    await feedback.waitFor();
    const verdict = await page.locator('[data-testid=practice-verdict]').innerText();
    assert.match(verdict, /^(Right|Not quite)/);
    assert.ok((await page.locator('[data-testid=practice-explanation]').innerText()).length > 20, 'an explanation follows every answer');
    if (isTeamItem) {
      assert.match(verdict, /Not quite: you chose “A is better”; the answer is “B is better”/);
      assert.equal(await page.locator('[data-testid=practice-explanation]').innerText(), EXPLANATION);
    }
    assert.equal(await page.locator('form.answer').count(), 0, 'answered: the choices are gone');
    // the next step has the focus: Enter goes on
    const next = step < total ? 'next-practice' : 'finish-practice';
    await page.waitForFunction((id) => document.activeElement?.dataset?.testid === id, next);
    if (step < total) {
      await Promise.all([page.waitForURL(new RegExp(`step=${step + 1}`)), page.keyboard.press('Enter')]);
    } else {
      await Promise.all([page.waitForURL((url) => url.pathname === '/campaigns'), page.keyboard.press('Enter')]);
    }
  }
  assert.ok(sawTeamItem, "the campaign's practice item was offered");

  // finished: no banner; practice earned nothing and answered nothing
  await page.locator('main').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=xp-points]')?.textContent.trim() === '0 XP');
  await page.waitForTimeout(500); // the banner is loaded after the page: give it the chance to (wrongly) show
  assert.equal(await banner.count(), 0, 'no banner after the onboarding');
  const session = await apiLogin(data.labeler.username, data.labeler.password);
  const progress = await api(session, 'GET', '/api/me/progress');
  assert.equal(progress.answers, 0, 'practice answers are no answers');
  assert.equal(progress.points, 0, 'practice earns no points');
  await page.close();
});
