// Game feedback in the browser: a labeler's answer shows a "+10 XP" toast and moves the XP bar
// without a page reload; an admin edits the points rule, previews it on real answers, saves it and
// finds the change in the audit log.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { BASE_URL, launchBrowser, loginInBrowser, open, setUp } from './support.mjs';

const ADMIN_USER = process.env.LAUREL_ADMIN_USER || 'admin';
const ADMIN_PASSWORD = process.env.LAUREL_ADMIN_PASSWORD || 'laurel-demo';

let data;
let browser;

before(async () => {
  data = await setUp({ xss: false });
  browser = await launchBrowser();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

const hudState = (page) => page.evaluate(() => ({
  points: document.querySelector('[data-testid=xp-points]')?.textContent.trim() ?? null,
  level: document.querySelector('[data-testid=xp-level]')?.textContent.trim() ?? null,
  value: document.querySelector('[data-testid=xp-bar]')?.getAttribute('value') ?? null,
  max: document.querySelector('[data-testid=xp-bar]')?.getAttribute('max') ?? null,
}));

test('after an answer (key 1) the labeler sees a "+10 XP" toast and the XP bar moves, without a reload', { timeout: 90_000 }, async () => {
  const page = await browser.newPage();
  await loginInBrowser(page, data.labeler.username, data.labeler.password);
  await open(page, `${BASE_URL}/play/${data.normal.id}`);
  await page.locator('[data-testid=prompt]').waitFor();
  await page.locator('[data-testid=xp-bar]').waitFor();
  const start = await hudState(page);
  assert.equal(start.points, '0 XP', 'a fresh labeler starts at 0 XP');
  await page.evaluate(() => { window.__marker = 7; });

  await page.waitForTimeout(3_300); // the default rule pays nothing for answers under 3 s
  await page.keyboard.press('1');

  const toast = page.locator('#toasts .toast', { hasText: '+10 XP' });
  await toast.waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=xp-points]')?.textContent.trim() === '10 XP',
    null, { timeout: 10_000 });
  const end = await hudState(page);
  assert.notDeepEqual([end.level, end.value, end.max], [start.level, start.value, start.max], 'the XP bar moved');
  assert.equal(await page.evaluate(() => window.__marker), 7, 'no full page reload');
  // toasts go away by themselves
  await toast.waitFor({ state: 'detached', timeout: 10_000 });
  await page.close();
});

test('an admin edits a rule, previews it next to the rule in force, saves it and finds it in the audit log', { timeout: 90_000 }, async () => {
  const page = await browser.newPage();
  await loginInBrowser(page, ADMIN_USER, ADMIN_PASSWORD);
  await open(page, `${BASE_URL}/admin/rules`);
  const note = `e2e ${randomBytes(3).toString('hex')}`;
  await page.fill('input[name=basePoints]', '33');
  // far in the future: other tests running on this instance keep the rule in force now
  await page.fill('input[name=effectiveFrom]', '2071-01-01T00:00');
  await page.fill('input[name=note]', note);

  await page.click('[data-testid=preview-button]');
  await page.locator('[data-testid=preview-table]').waitFor();
  const header = await page.locator('[data-testid=preview-table] thead').innerText();
  assert.match(header, /In force/);
  assert.match(header, /Draft/);
  const draftCells = await page.locator('[data-testid=draft-points]').allInnerTexts();
  const inForceCells = await page.locator('[data-testid=in-force-points]').allInnerTexts();
  assert.equal(draftCells.length, inForceCells.length);
  // the answer of the test above (+10 XP under the rule in force) is among the recent real answers
  assert.ok(draftCells.length > 0, 'the preview re-scores recent real answers');
  assert.ok(draftCells.some((cell) => /\b33\b/.test(cell)), `a draft of 33 points an answer shows 33: ${draftCells}`);
  assert.equal(page.url(), `${BASE_URL}/admin/rules`, 'the preview saved nothing and did not navigate');

  await Promise.all([
    page.waitForURL((url) => url.pathname === '/admin/rules' && url.searchParams.has('saved')),
    page.click('[data-testid=save-button]'),
  ]);
  await page.locator('[data-testid=saved]').waitFor();
  const firstAudit = await page.locator('[data-testid=audit] tbody tr').first().innerText();
  assert.match(firstAudit, new RegExp(ADMIN_USER));
  assert.match(firstAudit, /33 points an answer/);
  assert.match(firstAudit, /2071-01-01T00:00:00Z/);
  await page.close();
});
