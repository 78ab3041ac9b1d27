// Shared helpers for Laurel's browser tests: a Chromium launcher, a login through the login page,
// and setUp(), which creates a fresh labeler and two fresh campaigns through the REST API so that
// every test file runs on data of its own against any running Laurel.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.LAUREL_URL || 'http://localhost:8080').replace(/\/+$/, '');
// Laurel refuses changes made with the session cookie (and logins) that do not name its own pages as their
// Origin, as a browser does; node's fetch sends none, so these helpers say it themselves (and the session's CSRF token).
const ORIGIN = new URL(BASE_URL).origin;
export const ADMIN = {
  username: process.env.LAUREL_ADMIN_USER || 'admin',
  password: process.env.LAUREL_ADMIN_PASSWORD || 'laurel-demo',
};
export const MODELER = {
  username: process.env.LAUREL_MODELER_USER || 'modeler',
  password: process.env.LAUREL_MODELER_PASSWORD || 'laurel-demo',
};

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The payloads the xss campaign carries in its prompts and replies. */
export const XSS_PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss=1">',
  '[click](javascript:window.__xss=1)',
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Launches Debian's Chromium (or CHROMIUM_PATH) headless with a fresh temporary profile.
 * Returns { context, newPage, close }: close() shuts the browser and removes the profile.
 */
export async function launchBrowser() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'laurel-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      return page;
    },
    async close() {
      try {
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * page.goto that waits out a Laurel restart (dev mode reloads when code changes): a refused connection
 * or a 502/503/504 is retried for up to timeoutMs. Returns the response.
 */
export async function open(page, url, { timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await page.goto(url);
      if (!response || ![502, 503, 504].includes(response.status()) || Date.now() >= deadline) return response;
    } catch (error) {
      if (!/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE/.test(error.message) || Date.now() >= deadline) throw error;
    }
    await sleep(1_000);
  }
}

/** Logs in through the real login page; ends on /campaigns. */
export async function loginInBrowser(page, username, password) {
  await open(page, `${BASE_URL}/login`);
  await page.fill('input[name=j_username]', username);
  await page.fill('input[name=j_password]', password);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/campaigns', { timeout: 20_000 }),
    page.click('form[action="/j_security_check"] button[type=submit]'),
  ]);
}

/**
 * fetch with a few retries while Laurel is not reachable (dev mode restarts when code changes).
 * Only connection failures and 502/503/504 are retried: the request never reached the app then.
 */
async function fetchRetrying(url, init, attempts = 45) {
  for (let i = 1; ; i++) {
    try {
      const response = await fetch(url, init);
      if ([502, 503, 504].includes(response.status) && i < attempts) {
        await sleep(1_000);
        continue;
      }
      return response;
    } catch (error) {
      if (i >= attempts) throw new Error(`${init?.method || 'GET'} ${url} failed: ${error.cause?.message || error.message}`);
      await sleep(1_000);
    }
  }
}

/**
 * Logs in through /j_security_check and returns the session: { cookie: "quarkus-credential=...", csrfToken }, the
 * token read from a page's <meta name="csrf-token"> as the page's scripts read it (every change made with the
 * cookie must carry it).
 */
export async function apiLogin(username, password) {
  const response = await fetchRetrying(`${BASE_URL}/j_security_check`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
    body: new URLSearchParams({ j_username: username, j_password: password }).toString(),
  });
  const cookies = response.headers.getSetCookie ? response.headers.getSetCookie() : [response.headers.get('set-cookie') || ''];
  const cookie = cookies.map((c) => c.split(';')[0].trim()).find((c) => c.startsWith('quarkus-credential='));
  const location = response.headers.get('location') || '';
  if (response.status !== 302 || !cookie || /error/.test(location)) {
    throw new Error(`login as ${username} failed: HTTP ${response.status}, location ${location || '-'}`);
  }
  const page = await (await fetchRetrying(`${BASE_URL}/account`, { headers: { Cookie: cookie, Accept: 'text/html' } })).text();
  const csrfToken = /<meta name="csrf-token" content="([^"]+)">/.exec(page)?.[1];
  if (!csrfToken) throw new Error(`the account page of ${username} carries no CSRF token`);
  return { cookie, csrfToken };
}

/** Calls the REST API with a session (apiLogin); JSON bodies unless a content type is given. Returns parsed JSON. */
export async function api(session, method, path, body, contentType = 'application/json') {
  const headers = { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken, Accept: 'application/json', Origin: ORIGIN };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetchRetrying(`${BASE_URL}${path}`, { method, headers, body: payload, redirect: 'manual' });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} -> HTTP ${response.status}: ${text.slice(0, 500)}`);
  }
  return text ? JSON.parse(text) : null;
}

const jsonl = (records) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/**
 * Creates, fills and opens a campaign as the modeler (pairwise unless kind and settings say otherwise).
 * prompts: [{id, prompt}], outputs: {candidate: [{prompt_id, output}]}.
 */
export async function createCampaign(modeler, name, prompts, outputsByCandidate, { kind = 'PAIRWISE', settings } = {}) {
  const campaign = await api(modeler, 'POST', '/api/campaigns', {
    name,
    description: 'Created by the frontend browser tests.',
    overlap: 2,
    kind,
    ...(settings ? { settings } : {}),
  });
  await api(modeler, 'POST', `/api/campaigns/${campaign.id}/prompts`, jsonl(prompts), 'application/jsonl');
  for (const [candidateName, outputs] of Object.entries(outputsByCandidate)) {
    const candidate = await api(modeler, 'POST', '/api/candidates', { name: candidateName, kind: 'UPLOADED_OUTPUTS' });
    await api(modeler, 'POST', `/api/candidates/${candidate.id}/campaigns/${campaign.id}/outputs`, jsonl(outputs), 'application/jsonl');
  }
  await api(modeler, 'POST', `/api/campaigns/${campaign.id}/open`);
  return { id: campaign.id, name, created: true };
}

let modeler;
/** A session of the modeler the tests create campaigns with. */
export const modelerSession = async () => (modeler ??= await apiLogin(MODELER.username, MODELER.password));

/**
 * The data the tests run on. By default everything is created fresh through the REST API:
 *  - a labeler with a random username (as admin),
 *  - normal: an open pairwise campaign of 5 prompts x 2 candidates (5 tasks, one per prompt),
 *  - xss: an open campaign whose prompts and replies are made of script, onerror and javascript: payloads.
 * Existing data can be used instead through env vars (each one given skips creating that part):
 * LAUREL_LABELER_USER + LAUREL_LABELER_PASSWORD, LAUREL_CAMPAIGN_ID, LAUREL_XSS_CAMPAIGN_ID.
 * Returns { baseUrl, labeler: {username, password}, normal: {id, name, created}, xss: {id, name, created} }.
 */
export async function setUp({ normal: wantNormal = true, xss: wantXss = true } = {}) {
  const run = randomBytes(4).toString('hex');
  let labeler;
  if (process.env.LAUREL_LABELER_USER) {
    labeler = { username: process.env.LAUREL_LABELER_USER, password: process.env.LAUREL_LABELER_PASSWORD || 'laurel-demo' };
  } else {
    const admin = await apiLogin(ADMIN.username, ADMIN.password);
    labeler = { username: `e2e-${run}`, password: `pw-${randomBytes(8).toString('hex')}` };
    await api(admin, 'POST', '/api/users', { ...labeler, role: 'labeler' });
  }


  let normal = null;
  if (wantNormal && process.env.LAUREL_CAMPAIGN_ID) {
    normal = { id: Number(process.env.LAUREL_CAMPAIGN_ID), name: null, created: false };
  } else if (wantNormal) {
    const topics = ['boiling an egg', 'watering a cactus', 'folding a fitted sheet', 'naming a cat', 'storing fresh basil'];
    const prompts = topics.map((topic, i) => ({ id: `p${i + 1}`, prompt: `E2E ${run} #${i + 1}: how do I go about ${topic}?` }));
    normal = await createCampaign(await modelerSession(), `E2E normal ${run}`, prompts, {
      [`e2e-terse-${run}`]: prompts.map((p, i) => ({ prompt_id: p.id, output: `Short answer ${i + 1} about **${topics[i]}**.` })),
      [`e2e-wordy-${run}`]: prompts.map((p, i) => ({
        prompt_id: p.id,
        output: `A longer answer ${i + 1}:\n\n1. Think about ${topics[i]}.\n2. Then do it carefully.\n\nGood luck!`,
      })),
    });
  }

  let xss = null;
  if (wantXss && process.env.LAUREL_XSS_CAMPAIGN_ID) {
    xss = { id: Number(process.env.LAUREL_XSS_CAMPAIGN_ID), name: null, created: false };
  } else if (wantXss) {
    const xssText = (label) => `${label}\n\n${XSS_PAYLOADS[0]}\n\nImage: ${XSS_PAYLOADS[1]}\n\nLink: ${XSS_PAYLOADS[2]}`;
    const xssPrompts = [1, 2].map((n) => ({ id: `x${n}`, prompt: xssText(`E2E ${run} hostile prompt ${n}`) }));
    xss = await createCampaign(await modelerSession(), `E2E xss ${run}`, xssPrompts, {
      [`e2e-evil-a-${run}`]: xssPrompts.map((p) => ({ prompt_id: p.id, output: xssText(`Evil reply A to ${p.id}`) })),
      [`e2e-evil-b-${run}`]: xssPrompts.map((p) => ({ prompt_id: p.id, output: xssText(`Evil reply B to ${p.id}`) })),
    });
  }

  return { baseUrl: BASE_URL, labeler, normal, xss };
}

/** Polls fn until it returns a truthy value or timeoutMs passes; returns the last value. */
export async function poll(fn, { timeoutMs = 15_000, intervalMs = 500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let value;
  for (;;) {
    value = await fn();
    if (value || Date.now() >= deadline) return value;
    await sleep(intervalMs);
  }
}

/** A new labeler made by the admin through the REST API: { username, password }. */
export async function createLabeler(prefix = 'e2e') {
  const admin = await apiLogin(ADMIN.username, ADMIN.password);
  const labeler = { username: `${prefix}-${randomBytes(4).toString('hex')}`, password: `pw-${randomBytes(8).toString('hex')}` };
  await api(admin, 'POST', '/api/users', { ...labeler, role: 'labeler' });
  return labeler;
}

/** Where screenshots go: LAUREL_SCREENSHOTS, or the build's target/screenshots. */
export const SCREENSHOTS = process.env.LAUREL_SCREENSHOTS || new URL('../../target/screenshots/', import.meta.url).pathname;

/** Saves a full-page screenshot as <name>.png under SCREENSHOTS; returns its path. */
export async function screenshot(page, name) {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The page's scroll width against its viewport width: no horizontal scroll when scrollWidth <= clientWidth. */
export const sidewaysScroll = (page) => page.evaluate(() => ({
  scrollWidth: document.scrollingElement.scrollWidth,
  clientWidth: document.scrollingElement.clientWidth,
}));
