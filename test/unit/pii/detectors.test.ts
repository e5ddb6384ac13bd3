import { describe, expect, it } from 'vitest';
import { type DetectionOptions, detect } from '../../../src/core/pii/engine.ts';

/** [type, value] of every finding: what an agent would see underlined. */
function found(text: string, options: DetectionOptions = {}): Array<[string, string]> {
  return detect(text, options).map((finding) => [finding.type, text.slice(finding.start, finding.end)]);
}

const types = (text: string, options?: DetectionOptions) => found(text, options).map(([type]) => type);

describe('payment cards', () => {
  it('finds cards plain, spaced and dashed, with the expiry and CVV typed after them', () => {
    expect(found('card 4111 1111 1111 1111 12/27 123 thanks')).toEqual([
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['CARD_EXPIRY', '12/27'],
      ['CARD_CVV', '123'],
    ]);
    expect(found('Amex 378282246310005 and MC 5555-5555-5555-4444.')).toEqual([
      ['CREDIT_CARD', '378282246310005'],
      ['CREDIT_CARD', '5555-5555-5555-4444'],
    ]);
  });

  it('ignores 16-digit numbers failing Luhn and Luhn-valid numbers labelled as invoices or orders', () => {
    expect(found('Invoice number 4024007198766418 is overdue.')).toEqual([]);
    expect(found('reference 1234 5678 9012 3457 attached')).toEqual([]);
    // Luhn-valid, but no issuer uses numbers starting with 7.
    expect(found('invoice 7532015112830369 was created')).toEqual([]);
  });

  it('reports a checksum-valid card of a known range whatever label is before it (a label never hides it)', () => {
    expect(found('Invoice number 4024007198766411 is overdue.')).toEqual([
      ['CREDIT_CARD', '4024007198766411'],
    ]);
    expect(found('my order was charged to 6011 0009 9013 9424')).toEqual([
      ['CREDIT_CARD', '6011 0009 9013 9424'],
    ]);
    expect(found('ref 2024 account 5555 5555 5555 4444')).toEqual([['CREDIT_CARD', '5555 5555 5555 4444']]);
  });

  it('ignores numbers inside URLs', () => {
    expect(found('see https://shop.example.com/orders/4111111111111111 for details')).toEqual([]);
  });

  it('reports a card number as a card, never as a phone number', () => {
    expect(types('call 4111 1111 1111 1111')).toEqual(['CREDIT_CARD']);
  });

  it('reports an expiry after its label only near a card, and a CVV after its own label', () => {
    expect(found('The card expires 09/28 soon.')).toEqual([['CARD_EXPIRY', '09/28']]);
    expect(found('The offer expires 12/31 for everyone.')).toEqual([]);
    expect(found('CVV: 482')).toEqual([['CARD_CVV', '482']]);
  });
});

describe('US identifiers', () => {
  it('finds a dashed SSN alone, a plain one only with its word', () => {
    expect(found('SSN 536-22-1234')).toEqual([['US_SSN', '536-22-1234']]);
    expect(found('my social security number is 536221234')).toEqual([['US_SSN', '536221234']]);
    expect(found('call reference 536221234')).toEqual([]);
  });

  it('rejects SSNs that are never issued', () => {
    expect(found('SSN 000-12-3456, 666-12-3456, 536-00-1234, 536-22-0000')).toEqual([]);
  });

  it('tells ITINs from SSNs', () => {
    expect(types('ITIN 978-88-6276')).toEqual(['US_ITIN']);
  });

  it('needs context for passport, licence, bank and routing numbers', () => {
    expect(found('passport number 381137525')).toEqual([['US_PASSPORT', '381137525']]);
    expect(found("driver's license D4829113")).toEqual([['US_DRIVER_LICENSE', 'D4829113']]);
    expect(found('routing number 011000015, checking account 60018286675')).toEqual([
      ['ABA_ROUTING_NUMBER', '011000015'],
      ['US_BANK_NUMBER', '60018286675'],
    ]);
    expect(found('booking 381137525 and 60018286675')).toEqual([]);
  });

  it('matches context words whole: "license" inside a sentence about a software licence is not a DL label', () => {
    expect(found('This public library license 48213377 covers 20 seats.')).toEqual([]);
    expect(found('DL: D4829113')).toEqual([['US_DRIVER_LICENSE', 'D4829113']]);
    expect(found('handle D4829113')).toEqual([]);
  });
});

describe('bank and national identifiers', () => {
  it('finds IBANs compact and in printed groups, checked by mod 97', () => {
    expect(found('IBAN GB82 WEST 1234 5698 7654 32 or DE89370400440532013000')).toEqual([
      ['IBAN_CODE', 'GB82 WEST 1234 5698 7654 32'],
      ['IBAN_CODE', 'DE89370400440532013000'],
    ]);
    expect(found('IBAN GB82 WEST 1234 5698 7654 33')).toEqual([]);
  });

  it.each([
    ['NHS number 943 476 5919', 'UK_NHS', '943 476 5919'],
    ['NI number AB 12 34 56 C', 'UK_NINO', 'AB 12 34 56 C'],
    ['my SIN is 239 457 872', 'CA_SIN', '239 457 872'],
    ['TFN 123 456 782', 'AU_TFN', '123 456 782'],
    ['Medicare card 2123 45670 1', 'AU_MEDICARE', '2123 45670 1'],
    ['Aadhaar 2345 6789 0124', 'IN_AADHAAR', '2345 6789 0124'],
    ['PAN ABCPE1234F', 'IN_PAN', 'ABCPE1234F'],
    ['PhilSys 1234-5678-9012-3456', 'PH_PHILSYS', '1234-5678-9012-3456'],
    ['TIN 123-456-789-000', 'PH_TIN', '123-456-789-000'],
    ['NIF 12345678Z', 'ES_NIF', '12345678Z'],
    ['codice fiscale RSSMRA85T10A562S', 'IT_FISCAL_CODE', 'RSSMRA85T10A562S'],
    ['CPF 529.982.247-25', 'BR_CPF', '529.982.247-25'],
    ['CURP HEGG560427MVZRRL04', 'MX_CURP', 'HEGG560427MVZRRL04'],
    ['NRIC S1234567D', 'SG_NRIC_FIN', 'S1234567D'],
  ])('%s', (text, type, value) => {
    expect(found(text)).toEqual([[type, value]]);
  });

  it('does not report a checksum-valid id shape without its word when the shape is ambiguous', () => {
    // 943 476 5919 is a valid NHS number but also shaped like a US phone number; "ticket" is no NHS word.
    expect(types('ticket 943 476 5919')).not.toContain('UK_NHS');
  });
});

describe('contact and network details', () => {
  it('finds emails and phone numbers in the client region', () => {
    expect(found('Reach me at jane.doe+help@example.co.uk or (212) 555-0142.')).toEqual([
      ['EMAIL_ADDRESS', 'jane.doe+help@example.co.uk'],
      ['PHONE_NUMBER', '(212) 555-0142'],
    ]);
    expect(found('call 020 7946 0958', { region: 'GB' })).toEqual([['PHONE_NUMBER', '020 7946 0958']]);
    expect(found('call +44 20 7946 0958')).toEqual([['PHONE_NUMBER', '+44 20 7946 0958']]);
  });

  it('does not read order numbers, date-stamped ids or SKUs as phone numbers', () => {
    expect(found('Order ORD-2125550142 and #2125550142 shipped.')).toEqual([]);
    expect(found('our ids look like 20240315-0042')).toEqual([]);
    expect(found('SKU 4411-2290-3381, case 2125550142')).toEqual([]);
  });

  it('finds IP and MAC addresses and network blocks, but not versions', () => {
    expect(found('server 192.168.14.20, MAC 00:1A:2B:3C:4D:5E, ipv6 2001:db8:85a3::8a2e:370:7334')).toEqual([
      ['IP_ADDRESS', '192.168.14.20'],
      ['MAC_ADDRESS', '00:1A:2B:3C:4D:5E'],
      ['IP_ADDRESS', '2001:db8:85a3::8a2e:370:7334'],
    ]);
    expect(found('MAC AB:CD:EF:12:34:56')).toEqual([['MAC_ADDRESS', 'AB:CD:EF:12:34:56']]);
    expect(found('upgraded to version 10.0.19045.3803 and release 2.4.10.1')).toEqual([]);
    expect(found('our range 10.20.0.0/16, not 10.20.0.0/33')).toEqual([['IP_ADDRESS', '10.20.0.0/16']]);
    expect(found('meeting at 12:30:45 tomorrow')).toEqual([]);
  });

  it('finds wallet addresses only when their checksum holds', () => {
    expect(types('BTC 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toEqual(['CRYPTO']);
    expect(types('BTC 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')).toEqual([]);
    expect(types('ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toEqual(['CRYPTO']);
    expect(types('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toEqual(['CRYPTO']);
  });
});

describe('personal details', () => {
  it('reports a date as a date of birth only after a birth word', () => {
    expect(found('I was born on March 3, 1961 and DOB: 1979-11-02')).toEqual([
      ['DATE_OF_BIRTH', 'March 3, 1961'],
      ['DATE_OF_BIRTH', '1979-11-02'],
    ]);
    expect(found('The package was delivered on 03/02/2024 at 4:15 PM.')).toEqual([]);
  });

  it('finds street addresses with their city and postcode', () => {
    expect(found('Please ship it to 742 Evergreen Terrace, Springfield, IL 62704 today')).toEqual([
      ['STREET_ADDRESS', '742 Evergreen Terrace, Springfield, IL 62704'],
    ]);
    expect(found('deliver to 221B Baker Street, London NW1 6XE')).toEqual([
      ['STREET_ADDRESS', '221B Baker Street, London NW1 6XE'],
    ]);
    expect(found('We have 3 stores on our street.')).toEqual([]);
  });
});

describe('secrets', () => {
  it('finds vendor API keys, JWTs and private-key blocks', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(types(`AKIAIOSFODNN7EXAMPLE sk_live_Rh6o1l7yLzkF1PVrBuzNz5dy ${jwt}`)).toEqual([
      'API_KEY',
      'API_KEY',
      'JWT',
    ]);
    expect(
      types('token ghp_8Qb6jWhoPOTsGvcyyzHqSAAszKol1Q1xKjBD and xoxb-123456789012-abcdefghijkl'),
    ).toEqual(['API_KEY', 'API_KEY']);
    const pem =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4\n-----END RSA PRIVATE KEY-----';
    expect(found(`here: ${pem} done`)).toEqual([['PRIVATE_KEY', pem]]);
    expect(found('-----BEGIN PRIVATE KEY-----\nMIIBOgIBAAJBAKj34Gkx\n\nthanks')).toEqual([
      ['PRIVATE_KEY', '-----BEGIN PRIVATE KEY-----\nMIIBOgIBAAJBAKj34Gkx'],
    ]);
  });

  it('finds the value after "password:" and its kin, but not prose about passwords', () => {
    expect(found('username: jdoe, password: Tr0ub4dor&3')).toEqual([['PASSWORD', 'Tr0ub4dor&3']]);
    expect(found('My password is Maple739# and PIN: 4821.')).toEqual([
      ['PASSWORD', 'Maple739#'],
      ['PASSWORD', '4821'],
    ]);
    expect(found('The password reset link expired, and my password is not working.')).toEqual([]);
  });
});

describe('client configuration', () => {
  it('suppresses allow-listed values in any spelling, and patterns, optionally per type', () => {
    const allow = [
      { value: '+1 (212) 555-0142', note: 'our support line' },
      { pattern: '4111[0-9]{12}', types: ['CREDIT_CARD'] },
    ];
    expect(found('call 212-555-0142 or card 4111 1111 1111 1111', { allow })).toEqual([]);
    expect(found('call 212-555-0143', { allow })).toEqual([['PHONE_NUMBER', '212-555-0143']]);
  });

  it('runs custom detectors on re2js, with their context words', () => {
    const custom = [
      { id: 'member', type: 'ACME_MEMBER_ID', pattern: 'ACM-[0-9]{6}', score: 0.7 },
      {
        id: 'badge',
        type: 'ACME_BADGE',
        pattern: '[0-9]{5}',
        score: 0.3,
        context: ['badge'],
        requireContext: true,
      },
    ];
    expect(found('member ACM-482913, badge 48213. Our office is in room 12345.', { custom })).toEqual([
      ['ACME_MEMBER_ID', 'ACM-482913'],
      ['ACME_BADGE', '48213'],
    ]);
    expect(detect('member ACM-482913', { custom })[0]?.detector).toBe('custom:member');
  });

  it('reports only the requested types and scores above the minimum', () => {
    expect(types('SSN 536-22-1234, jane@example.com', { types: ['EMAIL_ADDRESS'] })).toEqual([
      'EMAIL_ADDRESS',
    ]);
    expect(types('it is 536-22-1234')).toEqual(['US_SSN']);
    expect(types('it is 536-22-1234', { minScore: 0.7 })).toEqual([]);
  });

  it('explains each score without repeating the value', () => {
    const [finding] = detect('my card 4111 1111 1111 1111');
    expect(finding?.reason).toBe('Luhn checksum passed; context word "card"');
    expect(finding?.reason).not.toContain('4111');
  });
});
