/**
 * The redaction policy a QA lead writes per client, as a valibot schema. The same schema validates imports,
 * produces the published JSON Schema (public/schemas/redaction-policy.schema.json, via `deskmate policy schema`)
 * and gives the TypeScript type. Checks a JSON Schema cannot express (patterns that must compile on re2js, types
 * that must exist) live in validate.ts.
 */
import { isSupportedCountry } from 'libphonenumber-js/max';
import * as v from 'valibot';
import { PASTE_SITE_PATTERN } from './paste-sites.ts';

export const POLICY_ACTIONS = ['off', 'flag', 'warn', 'block', 'mask'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const MASK_STYLES = ['last4', 'first6last4', 'full', 'tag'] as const;
export type MaskStyle = (typeof MASK_STYLES)[number];

const Score = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const TypeName = v.pipe(
  v.string(),
  v.regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'a type name is UPPER_SNAKE_CASE, e.g. CREDIT_CARD'),
);

const Action = v.pipe(
  v.picklist(POLICY_ACTIONS),
  v.description(
    'off: not detected; flag: underlined only; warn: confirm before sending; block: cannot be sent; mask: masked automatically',
  ),
);
const Masking = v.pipe(
  v.picklist(MASK_STYLES),
  v.description(
    'last4: keep the last 4 characters (long identifiers only: cards, bank and national ids, phones, keys, custom types; not IP/MAC/e-mail addresses, dates, street addresses, passwords, private keys, expiry or CVV); first6last4: keep 6 and 4 (CREDIT_CARD only); full: mask all; tag: replace with a tag like [CARD]. As a default, a style that does not apply to a type masks it in full.',
  ),
);
const Override = v.pipe(
  v.picklist(['never', 'with-reason']),
  v.description('Whether the agent may send anyway; when allowed, only with a written reason.'),
);

export const TypeRuleSchema = v.strictObject({
  action: Action,
  minScore: v.optional(Score),
  masking: v.optional(Masking),
  tag: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(32))),
  override: v.optional(Override),
});

export const AllowRuleSchema = v.pipe(
  v.strictObject({
    value: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
    pattern: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(512))),
    types: v.optional(v.array(TypeName)),
    note: v.optional(v.pipe(v.string(), v.maxLength(256))),
  }),
  v.description(
    'An exact value or an RE2 pattern (whole value) that is never reported, optionally for some types.',
  ),
);

export const CustomDetectorSchema = v.strictObject({
  id: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'an id is lowercase letters, digits and dashes'),
  ),
  type: TypeName,
  pattern: v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(1024),
    v.description('An RE2 pattern (linear time).'),
  ),
  caseInsensitive: v.optional(v.boolean()),
  score: Score,
  context: v.optional(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64)))),
  requireContext: v.optional(v.boolean()),
});

export const GuardedPlacesSchema = v.strictObject({
  /** The helpdesk composer is always guarded; the field exists so the file says so. */
  composer: v.optional(v.literal(true)),
  copy: v.optional(v.boolean()),
  pasteSites: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.maxLength(253),
          v.regex(
            PASTE_SITE_PATTERN,
            'a paste site is a lower-case host name like notes.example.com, or *.example.com',
          ),
        ),
      ),
      v.description('Host names (or *.domain) of non-helpdesk sites where pasting ticket text is guarded.'),
    ),
  ),
});

export const CustomersSchema = v.pipe(
  v.strictObject({
    wrongCustomer: v.optional(
      v.pipe(
        Action,
        v.description(
          "A value in a reply that was seen on another customer's ticket this shift (default: warn; off: not checked).",
        ),
      ),
    ),
    ownDetails: v.optional(
      v.pipe(
        Action,
        v.description(
          "The ticket's customer's own name and street address copied from the ticket or pasted into a paste site (default: flag; only where copy or paste sites are guarded).",
        ),
      ),
    ),
    remember: v.optional(
      v.pipe(
        v.array(TypeName),
        v.minLength(1, 'list at least one type, or set wrongCustomer to off'),
        v.maxLength(40, 'at most 40 types'),
        v.description(
          'The types whose values identify a customer (default: EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD as issuer and last four, IBAN_CODE, STREET_ADDRESS, CUSTOMER_NAME); add your own types such as ORDER_NUMBER.',
        ),
      ),
    ),
    shiftHours: v.optional(
      v.pipe(
        v.number(),
        v.minValue(1, 'a shift is at least 1 hour'),
        v.maxValue(24, 'a shift is at most 24 hours'),
        v.description(
          "How long the agent's memory of whose values are whose lasts (default 12); it is also cleared when the browser closes.",
        ),
      ),
    ),
  }),
  v.description(
    "Knowing whose data it is: salted hashes of the identifiers seen on each ticket of the agent's shift (never the values).",
  ),
);

/** A country the phone-number detector knows (ISO 3166 code); ZZ or XX would silently find nothing. */
export const RegionCode = v.pipe(
  v.string(),
  v.regex(/^[A-Z]{2}$/, 'a region is an ISO 3166 code like US or GB'),
  // (A value that is not two capitals has its one error above.)
  v.check(
    (code) => !/^[A-Z]{2}$/.test(code) || isSupportedCountry(code),
    'not a country whose phone numbers Deskmate knows (an ISO 3166 code like US or GB)',
  ),
);

export const RedactionPolicySchema = v.pipe(
  v.strictObject({
    $schema: v.optional(v.string()),
    version: v.literal(1),
    client: v.optional(v.pipe(v.string(), v.maxLength(128))),
    region: v.optional(RegionCode),
    phoneRegions: v.optional(
      v.pipe(
        v.array(RegionCode),
        v.maxLength(20, 'at most 20 phone regions'),
        v.description(
          "Where the client's customers live: a number written in one of these countries' national format (beside a phone word) is read as a phone number too.",
        ),
      ),
    ),
    defaults: v.optional(
      v.strictObject({
        action: v.optional(Action),
        minScore: v.optional(Score),
        masking: v.optional(Masking),
        override: v.optional(Override),
      }),
    ),
    types: v.optional(v.record(TypeName, TypeRuleSchema)),
    allow: v.optional(v.array(AllowRuleSchema)),
    customDetectors: v.optional(v.array(CustomDetectorSchema)),
    guard: v.optional(GuardedPlacesSchema),
    customers: v.optional(CustomersSchema),
  }),
  v.title('Deskmate redaction policy'),
  v.description(
    "A client's rules for sensitive data in what agents send: per type, what happens and how it is masked.",
  ),
);

export type RedactionPolicy = v.InferOutput<typeof RedactionPolicySchema>;
export type TypeRule = v.InferOutput<typeof TypeRuleSchema>;
export type CustomersRules = v.InferOutput<typeof CustomersSchema>;
