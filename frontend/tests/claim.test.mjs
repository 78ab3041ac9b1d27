// The rewards page with a wallet: a labeler links an anvil dev account through the real Sign-In With Ethereum
// flow, an admin publishes an epoch, and the labeler claims it from the page. The wallet is an EIP-1193
// provider injected before the page's scripts run; it forwards every request to anvil, which signs for its
// unlocked dev accounts, so the page talks to a real chain exactly as it would through a browser wallet.
//
// Needs a Laurel wired to that chain and a labeler with points in a known window: the Java harness
// dev.laurel.payout.ClaimPageBrowserTest provides both through the environment; without it the file is skipped.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, api, apiLogin, launchBrowser, loginInBrowser, open } from './support.mjs';

const env = process.env;
const RPC = env.LAUREL_CHAIN_RPC_URL;
const skip = RPC ? false : 'needs LAUREL_CHAIN_RPC_URL and a prepared labeler (run ClaimPageBrowserTest)';

let browser;

before(async () => {
  if (!skip) browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

let rpcId = 0;
async function rpc(method, params = []) {
  const response = await fetch(RPC, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const body = await response.json();
  if (body.error) {
    const error = new Error(body.error.message);
    error.code = body.error.code;
    throw error;
  }
  return body.result;
}

/** ERC-20 balanceOf through eth_call, exact (BigInt). */
async function tokenBalance(account) {
  const data = `0x70a08231${account.slice(2).toLowerCase().padStart(64, '0')}`;
  return BigInt(await rpc('eth_call', [{ to: env.LAUREL_TOKEN_ADDRESS, data }, 'latest']));
}

/**
 * Installs window.ethereum in the page: accounts and chain id come from here, wallet_switchEthereumChain is
 * refused like a user pressing "Cancel", everything else (personal_sign, eth_sendTransaction, receipts) goes
 * to anvil through an exposed function — the page's CSP would block a direct fetch to the node, as it should.
 */
async function pageWithWallet({ account, chainId }) {
  const page = await browser.newPage();
  const sent = [];
  await page.exposeFunction('__laurelTestWallet', async (method, params) => {
    sent.push(method);
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return { result: [account] };
      case 'eth_chainId':
        return { result: `0x${chainId.toString(16)}` };
      case 'wallet_switchEthereumChain':
        return { error: { code: 4001, message: 'User rejected the request.' } };
      case 'personal_sign': {
        // wallets take the SIWE text as is; anvil wants its bytes as hex
        const [message, address] = params;
        const hex = message.startsWith('0x') ? message : `0x${Buffer.from(message, 'utf8').toString('hex')}`;
        return { result: await rpc('personal_sign', [hex, address]) };
      }
      default:
        try {
          return { result: await rpc(method, params) };
        } catch (error) {
          return { error: { code: error.code ?? -32603, message: error.message } };
        }
    }
  });
  await page.addInitScript(() => {
    window.ethereum = {
      isLaurelTestWallet: true,
      async request({ method, params }) {
        const { result, error } = await window.__laurelTestWallet(method, params ?? []);
        if (error) throw Object.assign(new Error(error.message), { code: error.code });
        return result;
      },
      on() {},
      removeListener() {},
    };
  });
  return { page, sent };
}

const row = (page, epoch) => page.locator(`tr[data-epoch="${epoch}"]`);

test('a labeler links an anvil account with SIWE, sees the allocation, claims once and the tokens arrive', { skip, timeout: 120_000 }, async () => {
  const account = env.LAUREL_CLAIM_ACCOUNT;
  const chainId = Number(env.LAUREL_CHAIN_ID);
  const { page } = await pageWithWallet({ account, chainId });
  await loginInBrowser(page, env.LAUREL_LABELER_USER, env.LAUREL_LABELER_PASSWORD);

  // link the wallet through the page: challenge → personal_sign by anvil → server recovers the signer
  await open(page, `${BASE_URL}/payout`);
  await page.click('#link-wallet');
  await page.locator('[data-testid=wallet]').waitFor();
  assert.equal((await page.locator('[data-testid=wallet]').innerText()).toLowerCase(), account.toLowerCase());

  // the admin computes and publishes an epoch over the window in which the labeler earned points
  const admin = await apiLogin(env.LAUREL_ADMIN_USER, env.LAUREL_ADMIN_PASSWORD);
  const budget = 10n ** 18n * 25n + 3n;
  const epoch = await api(admin, 'POST', '/api/payout/epochs', {
    budget: budget.toString(),
    windowStart: env.LAUREL_PAYOUT_WINDOW_START,
    windowEnd: env.LAUREL_PAYOUT_WINDOW_END,
    claimDeadline: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
  });
  const computed = await api(admin, 'POST', `/api/payout/epochs/${epoch.number}/compute`);
  assert.equal(computed.report.paid, 1, 'only this labeler earned points in the window');
  const published = await api(admin, 'POST', `/api/payout/epochs/${epoch.number}/publish`);
  assert.equal(published.state, 'published');

  // the page shows the allocation (the whole budget, one labeler) and the receipt
  await open(page, `${BASE_URL}/payout`);
  const line = row(page, epoch.number);
  assert.equal(await line.locator('[data-testid=amount]').getAttribute('data-base-units'), budget.toString());
  assert.match(await line.locator('[data-testid=amount]').innerText(), /^25\.000000000000000003 LAUREL$/);
  assert.match(await line.locator('[data-testid=receipt]').innerText(), /accepted answers gave \d+ points/);

  // wrong chain: the wallet is on chain 1 and refuses to switch → a clear sentence, nothing sent, button back
  const wrong = await pageWithWallet({ account, chainId: 1 });
  await open(wrong.page, `${BASE_URL}/payout`);
  const wrongLine = row(wrong.page, epoch.number);
  await wrongLine.getByRole('button', { name: 'Claim' }).click();
  await wrongLine.locator('.claim-status').filter({ hasText: 'chain' }).waitFor();
  assert.equal(await wrongLine.locator('.claim-status').innerText(),
    `Your wallet is on chain 1, but rewards are paid on chain ${chainId}. Switch your wallet to chain ${chainId} and press Claim again.`);
  assert.ok(!wrong.sent.includes('eth_sendTransaction'), 'nothing is sent from the wrong chain');
  assert.ok(await wrongLine.getByRole('button', { name: 'Claim' }).isEnabled());
  await wrong.page.close();

  // claim: one transaction, the balance rises by exactly the allocation, the page says claimed
  const before = await tokenBalance(account);
  await line.getByRole('button', { name: 'Claim' }).click();
  await line.locator('.claim-status').filter({ hasText: 'Claimed' }).waitFor({ timeout: 60_000 });
  assert.equal(await tokenBalance(account) - before, budget);
  assert.equal(await line.getByRole('button', { name: 'Claim' }).count(), 0, 'the button is gone after the claim');

  // reloaded, the page shows the epoch claimed and offers no second claim
  await open(page, `${BASE_URL}/payout`);
  await line.locator('[data-testid=claimed]').waitFor();
  assert.equal(await line.getByRole('button', { name: 'Claim' }).count(), 0);
  const mine = await page.evaluate(async () => (await fetch('/api/payout/allocations', { headers: { Accept: 'application/json' } })).json());
  const claimedLine = mine.find((a) => a.epoch === epoch.number);
  assert.equal(claimedLine.claimed, true);
  assert.equal(claimedLine.amount, budget.toString());
  await page.close();
});
