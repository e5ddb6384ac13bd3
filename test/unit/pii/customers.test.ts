/**
 * The customer-aware guard's core: whose identifiers are whose (keys, the shift memory) and how a reply is
 * marked. Built from what agents do: paste the previous customer's e-mail or card into the next reply, greet the
 * customer by name in their own ticket, quote the client's support number in every thread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customerKey,
  customerRules,
  markRemembered,
  type RememberedCheck,
  ticketKeys,
  valueHasher,
} from '../../../src/core/pii/customers/check.ts';
import { keyHasher } from '../../../src/core/pii/customers/hash.ts';
import { identifierKey, nameKey, nameSpans } from '../../../src/core/pii/customers/keys.ts';
import { CustomerMemory, SHARED_BY } from '../../../src/core/pii/customers/memory.ts';
import { defaultPolicy, evaluate, validateRedactionPolicy } from '../../../src/core/pii/index.ts';

const hash = keyHasher('test-salt');
const rules = customerRules(defaultPolicy());

/** What ticket A's customer wrote and showed, remembered; the owners another ticket's guard hears. */
function remembered(details: Parameters<typeof ticketKeys>[0], message: string) {
  const keys = ticketKeys(
    details,
    [{ text: message, findings: evaluate(message, defaultPolicy()) }],
    rules.remember,
  );
  const memory = new CustomerMemory();
  const customer = customerKey(details);
  memory.remember(
    { ticket: 'demo:1042', label: '#1042', customer: customer && hash(customer), hashes: keys.map(hash) },
    1,
  );
  return memory;
}

function replyCheck(memory: CustomerMemory, ticket = 'demo:1043', customer?: string): RememberedCheck {
  return {
    hash,
    owners: new Map(memory.othersFor(ticket, customer).map(({ hash: h, label }) => [h, label])),
    remember: rules.remember,
    action: rules.wrongCustomer,
    reason: (label) => `belongs to another customer (${label})`,
  };
}

const mark = (text: string, check: RememberedCheck) =>
  markRemembered(text, evaluate(text, defaultPolicy()), check).map((finding) => ({
    type: finding.type,
    value: text.slice(finding.start, finding.end),
    action: finding.action,
    belongsTo: finding.belongsTo,
  }));

describe('identifier keys', () => {
  it('one number written nationally and internationally is one key', () => {
    expect(identifierKey('PHONE_NUMBER', '+44 20 7946 0958')).toBe(
      identifierKey('PHONE_NUMBER', '020 7946 0958'),
    );
    expect(identifierKey('PHONE_NUMBER', '(212) 555-0187')).toBe(
      identifierKey('PHONE_NUMBER', '+1 212-555-0187'),
    );
    expect(identifierKey('PHONE_NUMBER', '(212) 555-0187')).not.toBe(
      identifierKey('PHONE_NUMBER', '(212) 555-0188'),
    );
  });

  it('a card is its issuer and last four; e-mail case and name accents do not matter', () => {
    expect(identifierKey('CREDIT_CARD', '4111 1111 1111 1111')).toBe('CREDIT_CARD:visa:1111');
    expect(identifierKey('CREDIT_CARD', '5555-5555-5555-1111')).toBe('CREDIT_CARD:mastercard:1111');
    expect(identifierKey('EMAIL_ADDRESS', 'Maya.Thompson@Example.com')).toBe(
      identifierKey('EMAIL_ADDRESS', 'maya.thompson@example.com'),
    );
    expect(nameKey('Lucía  Fernández')).toBe(nameKey('lucia fernandez'));
  });

  it('a single given name, or a short id, identifies nobody', () => {
    expect(nameKey('Jane')).toBeUndefined();
    expect(nameKey('R2 D2')).toBeUndefined();
    expect(identifierKey('ORDER_NUMBER', 'A-12')).toBeUndefined();
    expect(identifierKey('ORDER_NUMBER', 'ord-55 120')).toBe('ORDER_NUMBER:ORD55120');
  });

  it('finds full names as people write them, on one line, not glued to other words', () => {
    const spans = (text: string) => nameSpans(text).map((span) => text.slice(span.start, span.end));
    expect(spans('Hi Jane Doe, thanks')).toEqual(['Hi Jane', 'Hi Jane Doe', 'Jane Doe']);
    expect(spans("Ask Seán O'Brien-Smith")).toContain("Seán O'Brien-Smith");
    expect(spans('Jane\nDoe')).toEqual([]);
    expect(spans('Jane  Doe')).toEqual([]);
    expect(spans('the iPhone Pro')).toEqual([]);
    expect(spans('JANE DOE wrote')).toEqual(['JANE DOE']);
  });

  it('name spans never crash and stay inside the text, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        for (const span of nameSpans(text)) {
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(text.length);
          expect(span.key.startsWith('CUSTOMER_NAME:')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('a reply on another ticket', () => {
  const maya = { name: 'Maya Thompson', email: 'maya.thompson@example.com', phone: '+1 312-555-0148' };
  const mayaWrote = 'Hi, my card 4111 1111 1111 1111 was charged twice. Call me on (312) 555-0148.';

  it("flags the first customer's e-mail pasted into the second reply, saying whose it is", () => {
    const memory = remembered(maya, mayaWrote);
    const found = mark('Hi Daniel, I have updated maya.thompson@example.com for you.', replyCheck(memory));
    expect(found).toEqual([
      { type: 'EMAIL_ADDRESS', value: 'maya.thompson@example.com', action: 'warn', belongsTo: '#1042' },
    ]);
  });

  it("flags their card (by issuer and last four), phone and full name; not the second customer's own", () => {
    const memory = remembered(maya, mayaWrote);
    const reply =
      'Dear Maya Thompson, your card 4111111111111111 and +13125550148 are noted. Daniel Okafor, d.okafor@example.net';
    const found = mark(reply, replyCheck(memory));
    const others = found.filter((finding) => finding.belongsTo);
    expect(others.map((finding) => finding.type).sort()).toEqual([
      'CREDIT_CARD',
      'CUSTOMER_NAME',
      'PHONE_NUMBER',
    ]);
    expect(others.every((finding) => finding.belongsTo === '#1042')).toBe(true);
    expect(found.find((finding) => finding.value === 'd.okafor@example.net')?.belongsTo).toBeUndefined();
  });

  it("never marks a value in the first customer's own ticket, nor their other tickets", () => {
    const memory = remembered(maya, mayaWrote);
    expect(
      mark('Hi Maya Thompson, maya.thompson@example.com', replyCheck(memory, 'demo:1042')),
    ).not.toContainEqual(expect.objectContaining({ belongsTo: '#1042' }));
    const sameCustomer = hash(customerKey(maya)!);
    expect(
      mark('maya.thompson@example.com', replyCheck(memory, 'demo:2000', sameCustomer)).some(
        (f) => f.belongsTo,
      ),
    ).toBe(false);
  });

  it('"Hi Jane" is nobody\'s: a given name alone is never marked', () => {
    const memory = remembered({ name: 'Jane Doe', email: 'jane@example.org' }, 'Hello');
    expect(mark('Hi Jane, thanks for waiting.', replyCheck(memory))).toEqual([]);
    expect(mark('Hi Jane Doe, thanks for waiting.', replyCheck(memory))).toEqual([
      { type: 'CUSTOMER_NAME', value: 'Jane Doe', action: 'warn', belongsTo: '#1042' },
    ]);
  });

  it("the client's support number quoted in many customers' threads is nobody's", () => {
    const memory = new CustomerMemory();
    const support = hash(identifierKey('PHONE_NUMBER', '+1 800 555 0100')!);
    for (let n = 0; n < SHARED_BY; n++)
      memory.remember({ ticket: `demo:${n}`, label: `#${n}`, customer: `c${n}`, hashes: [support] }, n);
    expect(memory.othersFor('demo:99', 'c99').map((owner) => owner.hash)).not.toContain(support);
  });

  it("the policy's action applies, and off turns the check off", () => {
    const memory = remembered(maya, mayaWrote);
    const block = { ...replyCheck(memory), action: 'block' as const };
    expect(mark('maya.thompson@example.com', block)[0]?.action).toBe('block');
    expect(mark('maya.thompson@example.com', { ...block, action: 'off' })[0]?.belongsTo).toBeUndefined();
  });

  it("a value the policy masks stays masked when it is also another customer's (the stronger action wins)", () => {
    const memory = remembered(maya, mayaWrote);
    const flagOnly = { ...replyCheck(memory), action: 'flag' as const };
    expect(mark('card 4111 1111 1111 1111', flagOnly)[0]).toMatchObject({
      action: 'mask',
      belongsTo: '#1042',
    });
  });
});

describe("the reply values' cache", () => {
  it("gives the hash of the value's key (or nothing for a value that identifies nobody), however full it gets", () => {
    const cached = valueHasher(hash, 8);
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 20; n++) {
        const email = `person${n}@example.com`;
        expect(cached('EMAIL_ADDRESS', email)).toBe(hash(identifierKey('EMAIL_ADDRESS', email)!));
      }
      expect(cached('PHONE_NUMBER', '12')).toBe('');
    }
  });
});

describe('the shift memory', () => {
  it('is bounded: the ticket seen longest ago goes first', () => {
    const memory = new CustomerMemory({ tickets: 3, hashesPerTicket: 2 });
    for (let n = 0; n < 5; n++)
      memory.remember({ ticket: `t${n}`, label: `#${n}`, hashes: ['a', 'b', 'c'].map((x) => `${x}${n}`) }, n);
    expect(memory.size).toBe(3);
    const labels = new Set(memory.othersFor('none').map((owner) => owner.label));
    expect([...labels].sort()).toEqual(['#2', '#3', '#4']);
    expect(memory.othersFor('none').filter((owner) => owner.label === '#4')).toHaveLength(2);
  });

  it('forgets tickets older than the shift, and survives a round trip through storage', () => {
    const memory = new CustomerMemory();
    memory.remember({ ticket: 'old', label: '#1', hashes: ['x'] }, 1_000);
    memory.remember({ ticket: 'new', label: '#2', hashes: ['y'] }, 5_000);
    expect(memory.expire(2_000)).toBe(true);
    const restored = CustomerMemory.restore(JSON.parse(JSON.stringify(memory.snapshot())));
    expect(restored.othersFor('none')).toEqual([{ hash: 'y', label: '#2' }]);
    expect(CustomerMemory.restore({ version: 2 }).size).toBe(0);
    expect(CustomerMemory.restore('garbage').size).toBe(0);
  });

  it('holds hashes only: no value the ticket showed is in its snapshot', () => {
    const memory = remembered(
      { name: 'Maya Thompson', email: 'maya.thompson@example.com' },
      'card 4111 1111 1111 1111, phone (312) 555-0148',
    );
    const dump = JSON.stringify(memory.snapshot());
    for (const value of ['maya', 'Maya', 'thompson', '4111', '1111', '555', '0148', 'example'])
      expect(dump).not.toContain(value);
  });
});

describe('the policy section', () => {
  it('is refused with paths when invalid; the defaults are warn, flag and 12 hours', () => {
    const result = validateRedactionPolicy({
      version: 1,
      customers: { wrongCustomer: 'shout', remember: ['ORDER_NUMBER'], shiftHours: 30 },
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['/customers/wrongCustomer', '/customers/shiftHours']));
    const unknown = validateRedactionPolicy({ version: 1, customers: { remember: ['ORDER_NUMBER'] } });
    expect(unknown.ok ? [] : unknown.errors).toEqual([
      { path: '/customers/remember/0', message: 'unknown type (not built in, no custom detector)' },
    ]);
    expect(rules).toMatchObject({ wrongCustomer: 'warn', ownDetails: 'flag', shiftMs: 12 * 3_600_000 });
  });
});
