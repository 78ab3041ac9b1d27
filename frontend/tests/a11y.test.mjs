// Accessibility: axe-core runs on every page each role reaches — anonymous visitors, a labeler, a modeler and an
// admin — and finds no "serious" or "critical" violation. The pages are the ones in each role's menu (so a page
// added to the menu is checked without a change here) plus the pages reached from them (a campaign, the player,
// a user, a labeler's quality record). One test walks the whole list and reports every violation at once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import {
  ADMIN, BASE_URL, MODELER, api, apiLogin, createLabeler, launchBrowser, loginInBrowser, open, setUp,
} from './support.mjs';

const require = createRequire(import.meta.url);
const BLOCKING = new Set(['serious', 'critical']);

let data;
let browser;
let axeSource;
let labelerId;

before(async () => {
  data = await setUp({ xss: false });
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  labelerId = (await api(await apiLogin(data.labeler.username, data.labeler.password), 'GET', '/api/me')).id;
  // two votes by another labeler, so that the campaign page's models panel has its chart and win-rate heatmap to check
  const voter = await createLabeler('a11y-voter');
  const voterSession = await apiLogin(voter.username, voter.password);
  for (let i = 0; i < 2; i++) {
    const task = await api(voterSession, 'POST', `/api/campaigns/${data.normal.id}/tasks/next`);
    if (!task) break;
    await api(voterSession, 'POST', `/api/campaigns/${data.normal.id}/tasks/${task.taskId}/answer`, { choice: 'A' });
  }
  browser = await launchBrowser();
}, { timeout: 90_000 });

after(async () => {
  await browser?.close();
});

/** The same-site links of the page's menu, as paths (the API docs are Swagger's, not ours). */
const menuLinks = (page) => page.evaluate(() => [...document.querySelectorAll('header nav a[href^="/"]')]
  .map((a) => a.getAttribute('href')).filter((href) => !href.startsWith('/q/')));

/** Runs axe on the page as it is now; returns its serious and critical violations, one line each. */
async function violations(page, label) {
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {}); // htmx fragments loaded on load
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => BLOCKING.has(v.impact)).map((v) => `${label}: [${v.impact}] ${v.id} — ${v.help}\n`
    + v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n'));
}

test('every page each role reaches has no serious or critical axe violation', { timeout: 300_000 }, async () => {
  const roles = [
    { name: 'anonymous', extra: ['/', '/login', '/register', '/rules'] },
    { name: 'labeler', login: data.labeler, extra: [`/play/${data.normal.id}`, '/rules'] },
    {
      name: 'modeler',
      login: MODELER,
      // the campaign page loads its progress, generation, quality (report and settings) and models (leaderboard
      // chart and win-rate heatmap) fragments (htmx), checked as part of it
      extra: [`/campaigns/${data.normal.id}`, `/campaigns/${data.normal.id}/leaderboard`],
    },
    {
      name: 'admin',
      login: ADMIN,
      extra: [`/campaigns/${data.normal.id}`, `/admin/users/${labelerId}`, `/admin/labelers/${labelerId}/quality`],
    },
  ];
  const found = [];
  let checked = 0;
  for (const role of roles) {
    const page = await browser.newPage();
    let urls = role.extra;
    if (role.login) {
      await browser.context.clearCookies();
      await loginInBrowser(page, role.login.username, role.login.password);
      urls = [...new Set([...(await menuLinks(page)), ...role.extra])];
    }
    for (const path of urls) {
      const response = await open(page, `${BASE_URL}${path}`);
      assert.ok(response && response.status() < 400, `${role.name} ${path}: HTTP ${response?.status()}`);
      found.push(...await violations(page, `${role.name} ${path}`));
      checked++;
    }
    await page.close();
  }
  assert.ok(checked >= 25, `only ${checked} pages were checked`);
  assert.deepEqual(found, [], `axe found serious or critical violations:\n${found.join('\n')}`);
});
