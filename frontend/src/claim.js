// Rewards page: link a wallet (Sign-In With Ethereum) and claim epochs with the person's own wallet
// through the EIP-1193 provider (window.ethereum). The server prepares everything that needs hashing
// (the SIWE message, the claim calldata with its Merkle proof), so no crypto library ships to the browser.
import { send } from './csrf.js';

const provider = () => {
  if (!window.ethereum) throw new Error('No Ethereum wallet found in this browser.');
  return window.ethereum;
};

async function api(path, body) {
  const response = await send(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.detail || `Request failed (${response.status}).`);
  return json;
}

async function account() {
  const [first] = await provider().request({ method: 'eth_requestAccounts' });
  if (!first) throw new Error('The wallet shared no account.');
  return first;
}

const currentChain = async () => Number.parseInt(await provider().request({ method: 'eth_chainId' }), 16);

/** Makes the wallet use the payout chain; asks it to switch when it is on another one, and says so plainly if it cannot. */
async function onChain(chainId) {
  const wanted = Number(chainId);
  const current = await currentChain();
  if (current === wanted) return;
  const wrongChain = new Error(`Your wallet is on chain ${current}, but rewards are paid on chain ${wanted}. `
    + `Switch your wallet to chain ${wanted} and press Claim again.`);
  try {
    await provider().request({ method: 'wallet_switchEthereumChain', params: [{ chainId: `0x${wanted.toString(16)}` }] });
  } catch {
    throw wrongChain;
  }
  if (await currentChain() !== wanted) throw wrongChain;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Polls the wallet's node for the receipt; the claim is final for this page once it is mined with status 1. */
async function mined(hash, show) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const receipt = await provider().request({ method: 'eth_getTransactionReceipt', params: [hash] });
    if (receipt) {
      if (receipt.status !== '0x1') throw new Error(`The claim transaction ${hash} failed on chain; nothing was paid.`);
      return receipt;
    }
    if (attempt === 5) show(`Sent ${hash}; waiting for it to be mined…`);
    await sleep(1000);
  }
  throw new Error(`The claim transaction ${hash} is not mined yet; reload this page later to see it.`);
}

export async function linkWallet(show) {
  const address = await account();
  show('Sign the message in your wallet…');
  const { message } = await api('/api/account/wallet/challenge', { address });
  const signature = await provider().request({ method: 'personal_sign', params: [message, address] });
  const linked = await api('/api/account/wallet', { message, signature });
  show(`Linked ${linked.address}.`);
  return linked;
}

export async function claim(epoch, show) {
  const details = await api(`/api/payout/epochs/${encodeURIComponent(epoch)}/claim`);
  if (details.claimed) {
    show('Already claimed.');
    return null;
  }
  await onChain(details.chainId);
  const from = await account();
  show('Confirm the transaction in your wallet…');
  // anyone may send the claim; the tokens always go to the allocated account
  const hash = await provider().request({
    method: 'eth_sendTransaction',
    params: [{ from, to: details.distributor, data: details.calldata }],
  });
  show(`Sent: ${hash}`);
  await mined(hash, show);
  // the server reads the claim from the chain, records it, and stops offering it
  const after = await api(`/api/payout/epochs/${encodeURIComponent(epoch)}/claim`);
  show(after.claimed ? `Claimed ${details.amount} base units in transaction ${hash}.` : `Sent: ${hash}`);
  return hash;
}

function statusFor(selector) {
  const element = document.querySelector(selector);
  return (text) => { if (element) element.textContent = text; };
}

document.getElementById('link-wallet')?.addEventListener('click', async (event) => {
  const show = statusFor('#wallet-status');
  event.currentTarget.disabled = true;
  try {
    await linkWallet(show);
    window.location.reload();
  } catch (error) {
    show(error.message);
    event.target.disabled = false;
  }
});

document.querySelectorAll('button[data-claim-epoch]').forEach((button) => {
  button.addEventListener('click', async () => {
    const epoch = button.dataset.claimEpoch;
    const show = statusFor(`[data-claim-status="${CSS.escape(epoch)}"]`);
    button.disabled = true;
    try {
      await claim(epoch, show);
      button.remove(); // claimed (or already claimed): never offered twice
    } catch (error) {
      show(error.message);
      button.disabled = false;
    }
  });
});
