// Untrusted text (prompts, model replies) must be shown as text: no script runs, no handler
// attribute or javascript: link reaches the DOM, on the first page load and after an htmx swap.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, launchBrowser, loginInBrowser, open, setUp } from './support.mjs';

let data;
let browser;
let page;
const dialogs = [];
const pageErrors = [];
const cspReports = [];

before(async () => {
  data = await setUp({ normal: false });
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
async function assertInert(when) {
  await page.locator('[data-testid=prompt]').waitFor();
  // Give anything that might run (onerror of a broken image, a deferred script) time to do so.
  await page.waitForTimeout(1_000);

  for (const id of ['prompt', 'reply-a', 'reply-b']) {
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
