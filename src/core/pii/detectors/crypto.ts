/**
 * Cryptocurrency wallet addresses with their own checksums: Bitcoin legacy and script addresses (Base58Check,
 * version byte 0x00 / 0x05), Bitcoin SegWit and Taproot (Bech32 / Bech32m), Ethereum (EIP-55 mixed case; an
 * all-lowercase address carries no checksum and gets the pattern's score only).
 */
import { base58CheckPayload, bech32, eip55 } from '../checksums.ts';
import { contextList } from '../context.ts';
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

export const cryptoWallet: TokenDetector = {
  kind: 'token',
  id: 'crypto',
  types: ['CRYPTO'],
  onToken(token, scan) {
    const value = token.value;
    const length = value.length;
    if (length < 26 || length > 90) return;
    // Tokens are ASCII word characters: `| 32` lower-cases a letter ("bc1"/"tb1" in any case).
    const c0 = value.charCodeAt(0) | 32;
    const c1 = value.charCodeAt(1) | 32;
    if (((c0 === 98 && c1 === 99) || (c0 === 116 && c1 === 98)) && value.charCodeAt(2) === 49) {
      if (length >= 42 && bech32(value)) emitWallet(scan, token, 0.5, 'Bech32');
    } else if (length === 42 && value.startsWith('0x') && ETH_ADDRESS.test(value)) {
      const hex = value.slice(2);
      const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
      if (!mixedCase) emitWallet(scan, token, 0.6, undefined);
      else if (eip55(value)) emitWallet(scan, token, 0.5, 'EIP-55');
    } else if (length <= 35 && BASE58_ADDRESS.test(value)) {
      const version = base58CheckPayload(value)?.[0];
      if (version === 0 || version === 5) emitWallet(scan, token, 0.5, 'Base58Check');
    }
  },
};

function emitWallet(scan: ScanContext, token: Token, base: number, checksum: string | undefined): void {
  scan.emit({
    type: 'CRYPTO',
    start: token.start,
    end: token.end,
    detector: 'crypto',
    base,
    context: CRYPTO_CONTEXT,
    checksum,
  });
}
