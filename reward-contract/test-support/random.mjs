// Seeded randomness for the property test, so a failing run can be replayed with FUZZ_SEED=<seed>.
import { getAddress, hexlify } from 'ethers';

/** mulberry32: tiny, fast, good enough to drive test inputs (not for anything cryptographic). */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const float = () => next32() / 2 ** 32;
  const bytes = (n) => Uint8Array.from({ length: n }, () => next32() & 0xff);
  return {
    float,
    int: (min, max) => min + Math.floor(float() * (max - min + 1)), // inclusive
    /** uniform-ish bigint in [1, max] */
    amount: (max) => {
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 32n) | BigInt(next32());
      return (v % max) + 1n;
    },
    address: () => getAddress(hexlify(bytes(20))),
    bytes32: () => hexlify(bytes(32)),
    shuffle: (items) => {
      const a = [...items];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(float() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    },
  };
}
