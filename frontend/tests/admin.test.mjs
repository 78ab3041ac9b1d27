// The admin's job in the browser: create a team and a modeler of it on the users page, then review a flagged
// labeler in the review queue and drop them — their points are reversed and the audit log shows it —, then clear the
// flag as a false alarm: the points come back, once even when clear is clicked twice. The REST API
// is used only to set the scene up (a campaign, a labeler who answers twice and skips eight tasks, which raises a
// TOO_MANY_SKIPS flag) and to check results (the new modeler's login, the labeler's points).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  ADMIN, BASE_URL, api, apiLogin, createCampaign, launchBrowser, loginInBrowser, modelerSession, open, poll, setUp,
} from './support.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Clicks a form's submit button and waits for the page the POST answers with. */
const submit = (page, locator, path) => Promise.all([
  page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(path)),
  locator.click(),
]);

let data;
let browser;
let flagged;

before(async () => {
  data = await setUp({ normal: false, xss: false });
  const run = randomBytes(4).toString('hex');
  const prompts = Array.from({ length: 12 }, (_, i) => ({ id: `q${i + 1}`, prompt: `Admin E2E ${run} question ${i + 1}?` }));
  const campaign = await createCampaign(await modelerSession(), `E2E review ${run}`, prompts, {
    [`e2e-left-${run}`]: prompts.map((p) => ({ prompt_id: p.id, output: `Left answer to ${p.id}.` })),
    [`e2e-right-${run}`]: prompts.map((p) => ({ prompt_id: p.id, output: `Right answer to ${p.id}.` })),
  });
  const labeler = await apiLogin(data.labeler.username, data.labeler.password);
  for (let i = 0; i < 2; i++) {
    const task = await api(labeler, 'POST', `/api/campaigns/${campaign.id}/tasks/next`);
    await sleep(3_100); // the default rule pays nothing for answers under 3 s
    await api(labeler, 'POST', `/api/campaigns/${campaign.id}/tasks/${task.taskId}/answer`, { choice: 'A' });
  }
  // the two answers are scored (and counted by quality) before the skips that raise the flag
  const scored = await poll(async () => (await api(labeler, 'GET', '/api/me/progress')).points === 20, { timeoutMs: 30_000 });
  assert.ok(scored, 'the labeler earned 20 points for two answers');
  for (let i = 0; i < 8; i++) {
    const task = await api(labeler, 'POST', `/api/campaigns/${campaign.id}/tasks/next`);
    await api(labeler, 'POST', `/api/campaigns/${campaign.id}/tasks/${task.taskId}/skip`);
  }
  const flags = await api(labeler, 'GET', '/api/me/flags');
  assert.equal(flags[0]?.signal, 'TOO_MANY_SKIPS', JSON.stringify(flags));
  flagged = { session: labeler, username: data.labeler.username, campaign };
  browser = await launchBrowser();
}, { timeout: 120_000 });

after(async () => {
  await browser?.close();
});

test('an admin creates a team and a modeler, then reviews a flagged labeler and drops them', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  await loginInBrowser(page, ADMIN.username, ADMIN.password);

  // users and teams, reached from the menu
  await Promise.all([page.waitForURL((url) => url.pathname === '/admin/users'), page.click('nav a[href="/admin/users"]')]);
  const team = `E2E Team ${randomBytes(3).toString('hex')}`;
  await page.getByLabel('Team name').fill(team);
  await submit(page, page.locator('[data-testid=create-team-button]'), '/admin/users/teams');
  await page.locator(`[data-testid=teams] tr[data-team="${team}"]`).waitFor();
  assert.match(await page.locator('[data-testid=notice]').innerText(), /created/);

  const modeler = `e2e-mod-${randomBytes(4).toString('hex')}`;
  await page.locator('[data-testid=new-username]').fill(modeler);
  await page.locator('[data-testid=new-role]').selectOption('modeler');
  await page.locator('[data-testid=new-team]').selectOption(team);
  await submit(page, page.locator('[data-testid=create-user-button]'), '/admin/users');
  await page.locator(`[data-testid=users] tr[data-username="${modeler}"]`).waitFor();
  const password = (await page.locator('[data-testid=temporary-password]').innerText()).trim();
  assert.ok(password.length >= 8, 'a temporary password is shown once');
  const me = await api(await apiLogin(modeler, password), 'GET', '/api/me'); // check: the modeler can log in
  assert.deepEqual([me.role, me.team], ['modeler', team]);

  // the review queue, from the menu: the flag with its evidence
  await Promise.all([page.waitForURL((url) => url.pathname === '/admin/flags'), page.click('nav a[href="/admin/flags"]')]);
  const flagCase = page.locator(`[data-testid=flag-case][data-labeler="${flagged.username}"]`);
  await flagCase.waitFor();
  assert.match(await flagCase.locator('[data-testid=flag-reason]').innerText(), /You skipped 8 of the 10 tasks/);
  assert.equal((await flagCase.locator('[data-testid=flag-points]').innerText()).trim(), '20');
  await flagCase.getByLabel('Note for the audit log (optional)').fill('skips everything it does not like');
  await submit(page, flagCase.locator('[data-testid=drop]'), '/admin/flags/');
  assert.match(await page.locator('[data-testid=notice]').innerText(), /2 answer\(s\) dropped/);
  assert.equal(await page.locator(`[data-testid=flag-case][data-labeler="${flagged.username}"]`).count(), 0,
    'a reviewed flag leaves the queue');

  // check: the labeler's points are reversed
  const reversed = await poll(async () => (await api(flagged.session, 'GET', '/api/me/progress')).points === 0,
    { timeoutMs: 30_000 });
  assert.ok(reversed, 'the labeler\'s 20 points were taken back');

  // the audit log on the page shows the drop, and the reviewed list the points now held
  await open(page, `${BASE_URL}/admin/flags`);
  const audit = await page.locator('[data-testid=audit]').innerText();
  assert.match(audit, new RegExp(`flag\\.dropped\\s+labeler ${flagged.username} in campaign ${flagged.campaign.id}`));
  assert.match(audit, /20 points held from the campaign before/);
  assert.match(audit, /skips everything it does not like/);
  const reviewedRow = page.locator(`[data-testid=reviewed] tr[data-labeler="${flagged.username}"]`);
  assert.match(await reviewedRow.innerText(), /dropped/);
  assert.equal((await reviewedRow.locator('td').nth(5).innerText()).trim(), '0');

  // a false alarm after all: clear gives the points back, once, however often it is clicked
  await submit(page, reviewedRow.locator('[data-testid=clear-again]'), '/admin/flags/');
  assert.match(await page.locator('[data-testid=notice]').innerText(), /20 points given back for 2 dropped answer\(s\)/);
  assert.equal((await api(flagged.session, 'GET', '/api/me/progress')).points, 20, 'the labeler has their 20 points again');
  await submit(page, page.locator(`[data-testid=reviewed] tr[data-labeler="${flagged.username}"] [data-testid=clear-again]`), '/admin/flags/');
  assert.doesNotMatch(await page.locator('[data-testid=notice]').innerText(), /given back/, 'a second clear gives nothing');
  const progress = await api(flagged.session, 'GET', '/api/me/progress');
  assert.equal(progress.points, 20, 'still 20, not 40');
  assert.equal(progress.recent.filter((row) => row.kind === 'REINSTATEMENT').length, 2, 'one ledger row per answer given back');
  const cleared = await page.locator('[data-testid=audit]').innerText();
  assert.match(cleared, new RegExp(`flag\\.cleared\\s+labeler ${flagged.username} in campaign ${flagged.campaign.id}`));
  assert.equal((await page.locator(`[data-testid=reviewed] tr[data-labeler="${flagged.username}"] td`).nth(5).innerText()).trim(), '20');
  await page.close();
});

test('at 390 × 844 the admin pages do not scroll sideways', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await loginInBrowser(page, ADMIN.username, ADMIN.password);
  for (const path of ['/admin/users', '/admin/flags', '/admin/rules']) {
    await open(page, `${BASE_URL}${path}`);
    const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // the innermost elements reaching past the right edge, to say what to fix
      const wideElements = [...document.body.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
      return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide: wideElements };
    });
    assert.ok(scrollWidth <= clientWidth, `${path} scrolls sideways: ${scrollWidth} > ${clientWidth}: ${wide.join(', ')}`);
  }
  await page.close();
});
