/**
 * Cryptocurrency wallet addresses with their own checksums: Bitcoin legacy and script addresses (Base58Check,
 * version byte 0x00 / 0x05), Bitcoin SegWit and Taproot (Bech32 / Bech32m), Ethereum (EIP-55 mixed case; an
 * all-lowercase address carries no checksum and gets the pattern's score only).
 */
import { base58CheckPayload, bech32, eip55 } from '../checksums.ts';
import { contextList } from '../context.ts';
import { memoize } from '../memo.ts';
import type { ScanContext, Token, TokenDetector } from './detector.ts';

const CRYPTO_CONTEXT = contextList([
  'bitcoin',
  'btc',
  'wallet',
  'ethereum',
  'eth',
  'crypto',
  'address',
  'usdt',
  'send',
  'deposit',
]);
const BASE58_ADDRESS = /^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/;
const ETH_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** A wallet's score and checksum name, or undefined when its checksum fails. */
interface WalletVerdict {
  base: number;
  checksum: string | undefined;
}

const BECH32_VERDICT: WalletVerdict = { base: 0.5, checksum: 'Bech32' };
const ETH_PLAIN_VERDICT: WalletVerdict = { base: 0.6, checksum: undefined };
const ETH_CHECKED_VERDICT: WalletVerdict = { base: 0.5, checksum: 'EIP-55' };
const BASE58_VERDICT: WalletVerdict = { base: 0.5, checksum: 'Base58Check' };

// The checksums (Bech32, Keccak, double SHA-256) are this detector's cost: each value is checked once.
const bech32Verdict = memoize((value: string) => (bech32(value) ? BECH32_VERDICT : undefined));
const ethereumVerdict = memoize((value: string): WalletVerdict | undefined => {
  const hex = value.slice(2);
  const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
  if (!mixedCase) return ETH_PLAIN_VERDICT;
  return eip55(value) ? ETH_CHECKED_VERDICT : undefined;
});
const base58Verdict = memoize((value: string): WalletVerdict | undefined => {
  const version = base58CheckPayload(value)?.[0];
  return version === 0 || version === 5 ? BASE58_VERDICT : undefined;
});

export const cryptoWallet: TokenDetector = {
  kind: 'token',
  id: 'crypto',
  types: ['CRYPTO'],
  minLength: 26,
  maxLength: 90,
  onToken(token, scan) {
    const value = token.value;
    const length = value.length;
    // Tokens are ASCII word characters: `| 32` lower-cases a letter ("bc1"/"tb1" in any case).
    const c0 = value.charCodeAt(0) | 32;
    const c1 = value.charCodeAt(1) | 32;
    let verdict: WalletVerdict | undefined;
    if (((c0 === 98 && c1 === 99) || (c0 === 116 && c1 === 98)) && value.charCodeAt(2) === 49) {
      if (length >= 42) verdict = bech32Verdict(value);
    } else if (length === 42 && value.startsWith('0x') && ETH_ADDRESS.test(value)) {
      verdict = ethereumVerdict(value);
    } else if (length <= 35 && BASE58_ADDRESS.test(value)) {
      verdict = base58Verdict(value);
    }
    if (verdict) emitWallet(scan, token, verdict.base, verdict.checksum);
  },
};

function emitWallet(scan: ScanContext, token: Token, base: number, checksum: string | undefined): void {
  scan.emit({
    type: 'CRYPTO',
    start: token.start,
    end: token.end,
    detector: 'crypto',
    base,
    checksum,
    context: CRYPTO_CONTEXT,
    needsContext: false,
    contextGiven: undefined,
    negativeApplies: true,
  });
}
