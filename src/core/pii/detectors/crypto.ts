/**
 * Cryptocurrency wallet addresses with their own checksums: Bitcoin legacy and script addresses (Base58Check,
 * version byte 0x00 / 0x05), Bitcoin SegWit and Taproot (Bech32 / Bech32m), Ethereum (EIP-55 mixed case; an
 * all-lowercase address carries no checksum and gets the pattern's score only).
 */
import { base58CheckPayload, bech32, eip55 } from '../checksums.ts';
import { contextList } from '../context.ts';
import type { TokenDetector } from './detector.ts';

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
    const emit = (base: number, checksum?: string) =>
      scan.emit({
        type: 'CRYPTO',
        start: token.start,
        end: token.end,
        detector: 'crypto',
        base,
        context: CRYPTO_CONTEXT,
        ...(checksum ? { checksum } : {}),
      });
    const head = value.slice(0, 3).toLowerCase();
    if (head === 'bc1' || head === 'tb1') {
      if (length >= 42 && bech32(value)) emit(0.5, 'Bech32');
    } else if (length === 42 && value.startsWith('0x') && ETH_ADDRESS.test(value)) {
      const hex = value.slice(2);
      const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
      if (!mixedCase) emit(0.6);
      else if (eip55(value)) emit(0.5, 'EIP-55');
    } else if (length <= 35 && BASE58_ADDRESS.test(value)) {
      const version = base58CheckPayload(value)?.[0];
      if (version === 0 || version === 5) emit(0.5, 'Base58Check');
    }
  },
};
