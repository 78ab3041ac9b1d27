// Untrusted text (prompts, model replies) must be shown as text: no script runs, no handler
// attribute or javascript: link reaches the DOM, on the first page load and after an htmx swap.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { BASE_URL, XSS_PAYLOADS, createCampaign, launchBrowser, loginInBrowser, modelerSession, open, setUp } from './support.mjs';

let data;
let browser;
let page;
const dialogs = [];
const pageErrors = [];
const cspReports = [];

/** Hostile campaigns of the other kinds: the prompt and every reply carry the payloads. */
const kinds = {};

before(async () => {
  data = await setUp({ normal: false });
  const run = randomBytes(4).toString('hex');
  const hostile = (label) => `${label}\n\n${XSS_PAYLOADS[0]}\n\nImage: ${XSS_PAYLOADS[1]}\n\nLink: ${XSS_PAYLOADS[2]}`;
  const prompts = [{ id: 'x1', prompt: hostile(`E2E ${run} hostile prompt`) }];
  const replies = (n, kind) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`e2e-evil-${kind}-${i}-${run}`,
    [{ prompt_id: 'x1', output: hostile(`Evil reply ${i}`) }]]));
  const modeler = await modelerSession();
  kinds.RANKING = await createCampaign(modeler, `E2E xss ranking ${run}`, prompts, replies(3, 'ranking'), { kind: 'RANKING', settings: { k: 3 } });
  kinds.RUBRIC = await createCampaign(modeler, `E2E xss rubric ${run}`, prompts, replies(1, 'rubric'),
    { kind: 'RUBRIC', settings: { dimensions: [{ name: 'honesty', description: 'No made-up facts' }] } });
  kinds.CATEGORICAL = await createCampaign(modeler, `E2E xss categorical ${run}`, prompts, replies(1, 'categorical'),
    { kind: 'CATEGORICAL', settings: { labels: ['safe', 'unsafe'], target: 'REPLY' } });
  kinds.CORRECTION = await createCampaign(modeler, `E2E xss correction ${run}`, prompts, replies(1, 'correction'), { kind: 'CORRECTION' });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspReports.push(message.text());
  });
  await loginInBrowser(page, data.labeler.username, data.labeler.password);
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
});

/** Checks the player as it is now: payloads visible as text, nothing executable in the DOM. */
async function assertInert(when, ids = ['prompt', 'reply-a', 'reply-b']) {
  await page.locator('[data-testid=prompt]').waitFor();
  // Give anything that might run (onerror of a broken image, a deferred script) time to do so.
  await page.waitForTimeout(1_000);

  for (const id of ids) {
    const text = await page.locator(`[data-testid=${id}]`).innerText();
    assert.ok(text.includes('<script>'), `${when}: ${id} should show "<script>" as text, got: ${text}`);
    assert.ok(text.includes('onerror'), `${when}: ${id} should show "onerror" as text, got: ${text}`);
    assert.ok(text.includes('window.__xss'), `${when}: ${id} should show the payload as text, got: ${text}`);
  }

  const dom = await page.evaluate(() => ({
    xss: typeof window.__xss,
    scriptsInMd: document.querySelectorAll('.md script').length,
    onerrorInMd: document.querySelectorAll('.md [onerror]').length,
    onerrorAnywhere: document.querySelectorAll('[onerror]').length,
    imagesInMd: document.querySelectorAll('.md img').length,
    javascriptLinks: [...document.querySelectorAll('a[href], area[href]')]
      .map((a) => a.getAttribute('href'))
      .filter((href) => /^\s*javascript:/i.test(href.replace(/[\u0000-\u001f]/g, ''))),
    inlineHandlers: [...document.querySelectorAll('.md *')]
      .flatMap((el) => [...el.attributes].map((attr) => attr.name))
      .filter((name) => name.startsWith('on')),
  }));
  assert.equal(dom.xss, 'undefined', `${when}: window.__xss must stay undefined`);
  assert.equal(dom.scriptsInMd, 0, `${when}: no <script> element inside .md`);
  assert.equal(dom.onerrorInMd, 0, `${when}: no element with an onerror attribute inside .md`);
  assert.equal(dom.onerrorAnywhere, 0, `${when}: no element with an onerror attribute anywhere`);
  assert.equal(dom.imagesInMd, 0, `${when}: the <img> payload must not become an image`);
  assert.deepEqual(dom.javascriptLinks, [], `${when}: no link with a javascript: href`);
  assert.deepEqual(dom.inlineHandlers, [], `${when}: no on* attribute inside .md`);
  assert.deepEqual(dialogs, [], `${when}: no dialog should open`);
  assert.deepEqual(pageErrors, [], `${when}: no script error on the page`);
  assert.deepEqual(cspReports, [], `${when}: nothing should even try to run against the CSP`);
}

test('hostile prompts and replies render as inert text on page load', { timeout: 60_000 }, async () => {
  await open(page, `${BASE_URL}/play/${data.xss.id}`);
  await assertInert('page load');
});

test('the next hostile task, swapped in by htmx after an answer, is inert too', { timeout: 60_000 }, async () => {
  const task = await page.locator('form.answer').getAttribute('data-task');
  await page.keyboard.press('3');
  await page.waitForFunction(
    (task) => document.querySelector('[data-testid=notice]')?.textContent.trim() === 'Saved.'
      && document.querySelector('form.answer')?.dataset.task !== task,
    task,
    { timeout: 15_000 },
  );
  assert.ok(await page.locator('form.answer').count(), 'the xss campaign should have a second task for this labeler');
  await assertInert('after htmx swap');
});

for (const [kind, ids] of [
  ['RANKING', ['prompt', 'reply-1', 'reply-2', 'reply-3']],
  ['RUBRIC', ['prompt', 'reply-1']],
  ['CATEGORICAL', ['prompt', 'reply-1']],
  ['CORRECTION', ['prompt', 'reply-1']],
]) {
  test(`hostile prompts and replies are inert in the ${kind.toLowerCase()} player`, { timeout: 60_000 }, async () => {
    await open(page, `${BASE_URL}/play/${kinds[kind].id}`);
    await page.locator(`form.answer[data-kind=${kind}]`).waitFor();
    await assertInert(`${kind} player`, ids);
  });
}

test('the correction diff preview of a hostile reply is inert', { timeout: 60_000 }, async () => {
  await open(page, `${BASE_URL}/play/${kinds.CORRECTION.id}`);
  const box = page.locator('textarea[name=text]');
  assert.ok((await box.inputValue()).includes('<script>'), 'the textarea holds the reply as plain text');
  await box.focus();
  await page.keyboard.press('End');
  await page.keyboard.type(` ${XSS_PAYLOADS[1]}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=diff] ins')?.textContent.includes('onerror'),
    null, { timeout: 10_000 });
  const diff = await page.locator('[data-testid=diff]').innerText();
  assert.ok(diff.includes('<script>') && diff.includes('onerror'), `the diff shows the payloads as text: ${diff}`);
  await assertInert('correction diff preview', ['prompt', 'reply-1', 'diff']);
  assert.equal(await page.locator('[data-testid=diff] img, [data-testid=diff] script').count(), 0);
});
