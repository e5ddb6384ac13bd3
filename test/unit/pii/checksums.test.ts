import { describe, expect, it } from 'vitest';
import {
  abaRouting,
  auMedicare,
  auTfn,
  base58Check,
  bech32,
  brCpf,
  eip55,
  esNif,
  iban,
  itFiscalCode,
  keccak256,
  luhn,
  mod97,
  mxCurp,
  nhsMod11,
  sgNricFin,
  sha256,
  verhoeff,
} from '../../../src/core/pii/checksums.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('check digits accept published valid examples and reject one-digit changes', () => {
  const cases: Array<[string, (value: string) => boolean, string, string]> = [
    ['Luhn (Visa test card)', luhn, '4111111111111111', '4111111111111112'],
    ['ABA routing', abaRouting, '011000015', '011000016'],
    ['NHS mod 11', nhsMod11, '9434765919', '9434765918'],
    ['TFN', auTfn, '123456782', '123456783'],
    ['Medicare', auMedicare, '2123456701', '2123456711'],
    ['Verhoeff', verhoeff, '2363', '2364'],
    ['CPF', brCpf, '52998224725', '52998224726'],
    ['NIF', esNif, '12345678Z', '12345678A'],
    ['NIE', esNif, 'X1234567L', 'X1234567M'],
    ['codice fiscale', itFiscalCode, 'RSSMRA85T10A562S', 'RSSMRA85T10A562T'],
    ['CURP', mxCurp, 'HEGG560427MVZRRL04', 'HEGG560427MVZRRL05'],
    ['NRIC', sgNricFin, 'S1234567D', 'S1234567E'],
    ['IBAN', iban, 'GB82WEST12345698765432', 'GB82WEST12345698765433'],
    [
      'Base58Check (Bitcoin)',
      base58Check,
      '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
      '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3',
    ],
    [
      'Bech32 (SegWit)',
      bech32,
      'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp',
    ],
    [
      'EIP-55 (Ethereum)',
      eip55,
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
    ],
  ];
  it.each(cases)('%s', (_name, valid, good, bad) => {
    expect(valid(good)).toBe(true);
    expect(valid(bad)).toBe(false);
  });

  it('rejects repeated-digit CPFs, which pass the arithmetic but are never issued', () => {
    expect(brCpf('11111111111')).toBe(false);
  });

  it('never throws on garbage', () => {
    for (const check of [
      luhn,
      abaRouting,
      nhsMod11,
      auTfn,
      auMedicare,
      verhoeff,
      brCpf,
      esNif,
      itFiscalCode,
      mxCurp,
    ]) {
      expect(check('')).toBe(false);
      expect(check('ab\u0000😀')).toBe(false);
    }
    expect(base58Check('0OIl')).toBe(false);
    expect(bech32('bc1')).toBe(false);
  });
});

describe('hashes used by address checksums', () => {
  it('computes SHA-256 and Keccak-256 test vectors', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(keccak256(''))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  it('computes mod 97 over letters and digits as ISO 7064 does', () => {
    // An IBAN rearranged (country and check digits moved to the end) leaves remainder 1.
    expect(mod97('WEST12345698765432GB82')).toBe(1);
  });
});
