/**
 * What a customer is asking, from a message as a page shows it. Real e-mails carry greetings, quoted earlier mails,
 * signatures, legal disclaimers, gateway banners and identifiers (order numbers, IBANs, card and tracking numbers);
 * a chat pasted into a ticket carries time stamps and the agent's lines. Ranked whole, they drown the question: a
 * six-line refund e-mail (greeting, the question, an IBAN, a signature) found no answer at all, while the bare
 * question found the refund article at once.
 *
 * `customerQuery` keeps the customer's own new text and weighs it for the ranker: what the customer asks (questions,
 * requests, imperatives, a problem told as a statement) counts three times as much as a plain sentence; the ticket's
 * subject twice when the body asks nothing, three times when the body points at it ("See subject"), once when the
 * body asks its own question, half when it is a "Re:" of an earlier mail; a sentence that mostly gives a number half;
 * pleasantries and general subjects ("Help needed") nothing, unless they are all there is ("Thanks, that fixed it!"
 * is the message). Identifiers are dropped from the text: they never match an article, and counted they would make
 * every long message look out of scope.
 *
 * It runs on text a page gives, which an attacker may control, so the work is linear in the message's length: one
 * pass splits lines, each line is classified by hand-written scans or by patterns over a bounded slice of it (at
 * most `SLICE` characters, so no pattern ever runs over unbounded text), and sentences are cut and classified in
 * one more pass. `customerQueryWork` counts the characters examined, for tests to prove it without a clock.
 */

import { foldCase, isStopword, STEMMED_LANGUAGES, words } from './normalize.ts';

export interface QueryPart {
  text: string;
  /** How much the part counts in the ranking; parts of weight 0 are not sent to the ranker. */
  weight: number;
}

export interface CustomerQuery {
  /** The customer's own words, one part a line: for language detection, learning and explanations. */
  text: string;
  /** The weighed parts the ranker scores, subject first. Empty: nothing to answer (a signature, binary junk). */
  parts: QueryPart[];
}

export interface CustomerQueryOptions {
  /** The ticket's subject, when the page shows one. */
  subject?: string;
  /** Names the agent goes by, to tell their lines in a chat transcript from the customer's. */
  agentNames?: readonly string[];
}

export const QUERY_WEIGHTS = {
  question: 3,
  subject: 2,
  replySubject: 0.5,
  statement: 1,
  identifier: 0.5,
} as const;

/** Characters examined, summed over calls: tests read it to prove linear work without a clock. */
export const customerQueryWork = { steps: 0 };

/** Patterns only ever see this many characters of a line. */
const SLICE = 200;
/** The query the ranker gets is at most this long: questions first, then the rest in order. */
const MAX_QUERY_CHARS = 4000;

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary (lower case). Several languages: English, German, French, Spanish, Dutch, some Italian and Portuguese.

const GREETINGS = [
  'hi',
  'hello',
  'hey',
  'hiya',
  'dear',
  'good morning',
  'good afternoon',
  'good evening',
  'greetings',
  'to whom it may concern',
  'hallo',
  'guten tag',
  'guten morgen',
  'sehr geehrte',
  'sehr geehrter',
  'liebe',
  'lieber',
  'moin',
  'servus',
  'bonjour',
  'bonsoir',
  'salut',
  'madame',
  'monsieur',
  'hola',
  'buenos días',
  'buenos dias',
  'buenas tardes',
  'buenas noches',
  'buen día',
  'estimado',
  'estimada',
  'estimados',
  'estimadas',
  'beste',
  'geachte',
  'hoi',
  'goedemorgen',
  'goedemiddag',
  'goedenavond',
  'buongiorno',
  'gentile',
  'ciao',
  'olá',
  'ola',
  'bom dia',
  'prezado',
  'prezada',
];

const SIGN_OFFS = new Set([
  'best',
  'best regards',
  'kind regards',
  'kindest regards',
  'regards',
  'warm regards',
  'warmest regards',
  'many regards',
  'with regards',
  'with best regards',
  'with kind regards',
  'best wishes',
  'all the best',
  'many thanks',
  'thanks',
  'thank you',
  'thanks again',
  'thanks so much',
  'thanks a lot',
  'thank you very much',
  'thank you so much',
  'thanks in advance',
  'thank you in advance',
  'cheers',
  'sincerely',
  'yours sincerely',
  'sincerely yours',
  'yours faithfully',
  'yours truly',
  'respectfully',
  'with thanks',
  'take care',
  'talk soon',
  'br',
  'kr',
  'rgds',
  'thx',
  'ty',
  'mit freundlichen grüßen',
  'mit freundlichen grüssen',
  'freundliche grüße',
  'freundliche grüsse',
  'mfg',
  'viele grüße',
  'viele grüsse',
  'beste grüße',
  'liebe grüße',
  'lg',
  'gruß',
  'grüße',
  'schöne grüße',
  'herzliche grüße',
  'danke',
  'vielen dank',
  'cordialement',
  'bien cordialement',
  'bien à vous',
  'salutations',
  'sincères salutations',
  'merci',
  'merci beaucoup',
  'bonne journée',
  'amicalement',
  'saludos',
  'un saludo',
  'saludos cordiales',
  'atentamente',
  'gracias',
  'muchas gracias',
  'un abrazo',
  'cordialmente',
  'met vriendelijke groet',
  'met vriendelijke groeten',
  'vriendelijke groet',
  'vriendelijke groeten',
  'groeten',
  'groetjes',
  'mvg',
  'hartelijke groet',
  'bedankt',
  'alvast bedankt',
  'cordiali saluti',
  'distinti saluti',
  'saluti',
  'grazie',
  'atenciosamente',
  'obrigado',
  'obrigada',
  'cumprimentos',
]);

/** Footers mail apps add ("Sent from my iPhone"): a line starting with one of these, short. */
const MOBILE_FOOTERS = [
  'sent from my',
  'sent from mail for',
  'sent from yahoo',
  'sent from outlook',
  'sent via',
  'get outlook for',
  'envoyé de mon',
  'envoyé depuis',
  'von meinem',
  'gesendet von meinem',
  'enviado desde mi',
  'enviado desde',
  'verzonden vanaf mijn',
  'verstuurd vanaf mijn',
  'inviato da',
  'enviado do meu',
];

/** Verbs of reply attributions ("On …, X wrote:"); the line must end with a colon. */
const WROTE = [
  'wrote',
  'writes',
  'schrieb',
  'geschrieben',
  'a écrit',
  'a ecrit',
  'escribió',
  'escribio',
  'schreef',
  'geschreven',
  'ha scritto',
  'escreveu',
];
/** Words an attribution starts with, when a mail app wraps it over two lines. */
const ATTRIBUTION_STARTS = ['on', 'am', 'le', 'el', 'op', 'il', 'em'];

/** Separator lines of quoted or forwarded mails. */
const SEPARATOR_PHRASES = [
  'original message',
  'ursprüngliche nachricht',
  'ursprungliche nachricht',
  'message d’origine',
  "message d'origine",
  'mensaje original',
  'oorspronkelijk bericht',
  'messaggio originale',
  'mensagem original',
  'forwarded message',
  'weitergeleitete nachricht',
  'message transféré',
  'mensaje reenviado',
  'doorgestuurd bericht',
  'messaggio inoltrato',
  'mensagem encaminhada',
  'begin forwarded message',
  'anfang der weitergeleiteten nachricht',
  'début du message réexpédié',
];

/** Header fields of a quoted mail: the "from" field opens a block, the others continue it. */
const FROM_FIELDS = new Set(['from', 'von', 'de', 'van', 'da', 'od', 'fra', 'från']);
const OTHER_FIELDS = new Set([
  'sent',
  'date',
  'to',
  'cc',
  'subject',
  'gesendet',
  'datum',
  'an',
  'betreff',
  'envoyé',
  'à',
  'a',
  'objet',
  'enviado',
  'enviado el',
  'fecha',
  'para',
  'asunto',
  'verzonden',
  'aan',
  'onderwerp',
  'inviato',
  'data',
  'oggetto',
  'assunto',
  'sent on',
  'reply-to',
]);

/**
 * Words of legal disclaimers and mail-gateway banners. Strong ones hardly occur in a customer's own words; weak
 * ones do ("charged in error", "is my data confidential?"), so they only count beside another marker.
 */
const STRONG_DISCLAIMER_MARKERS = [
  'intended recipient',
  'intended solely',
  'intended only for',
  'not the intended',
  'confidentiality notice',
  'disclaimer',
  'originated from outside',
  'external sender',
  'external email',
  'external e-mail',
  '[external]',
  'do not click',
  'unless you recognize',
  'unless you trust',
  'before printing',
  'before you print',
  'registered office',
  'company number',
  'may contain viruses',
  'richtige adressat',
  'sitz der gesellschaft',
  'handelsregister',
  'destinataire',
  'destinatario',
  'geadresseerde',
];
const WEAK_DISCLAIMER_MARKERS = [
  'confidential',
  'privileged',
  'in error',
  'by mistake',
  'notify the sender',
  'unauthorised',
  'unauthorized',
  'prohibited',
  'registered in',
  'registration number',
  'intended for',
  'virus',
  'vertraulich',
  'geschäftsführer',
  'confidentiel',
  'confidencial',
  'vertrouwelijk',
  'riservat',
];

/** Sentences that only carry politeness, when they start so and are short. */
const PLEASANTRIES = [
  'thanks',
  'thank you',
  'many thanks',
  'i hope you',
  'hope you',
  'i hope this',
  'hope this',
  'hope to hear',
  'i hope to hear',
  'looking forward',
  'i look forward',
  'i am looking forward',
  "i'm looking forward",
  'have a nice',
  'have a great',
  'have a good',
  'have a lovely',
  'enjoy your',
  'any help',
  'all help',
  'your help',
  'appreciate',
  'i appreciate',
  'i would appreciate',
  'i would be grateful',
  "i'd be grateful",
  'much appreciated',
  'please get back',
  'please reply',
  'please respond',
  'please advise',
  'kind regards',
  'best regards',
  'vielen dank',
  'danke',
  'ich freue mich',
  'merci',
  "j'espère",
  'gracias',
  'espero',
  'quedo a la espera',
  'bedankt',
  'ik hoop',
];

/** The words of a request for help in general ("Can you please help me?"). */
const GENERIC_ASK = new Set(
  (
    'can could would will you please help me us with this something someone anyone kindly i need some a question ' +
    'quick have got small hi hello needed required assistance support urgent urgently asap inquiry enquiry request ' +
    'problem issue info information query re important können sie mir uns helfen bitte brauche hilfe eine frage habe ich pouvez vous ' +
    "m'aider aider besoin d'aide j'ai une question me pueden puede ayudar ayuda necesito tengo pregunta una " +
    'kunt u mij ons helpen kan iemand heb vraag een'
  ).split(' '),
);

/** Words saying a problem is solved: thanks with one of them are the message, not politeness. */
const RESOLVED = [
  'solved',
  'fixed',
  'sorted',
  'resolved',
  'worked',
  'works now',
  'working now',
  'all good',
  'gelöst',
  'funktioniert',
  'résolu',
  'réglé',
  'resuelto',
  'solucionado',
  'funciona',
  'opgelost',
  'werkt',
];

/** Whole sentences that are only an acknowledgement (chat lines: "ok", "sure"). */
const ACKNOWLEDGEMENTS = new Set([
  'ok',
  'okay',
  'k',
  'yes',
  'yeah',
  'yep',
  'no',
  'sure',
  'great',
  'perfect',
  'cool',
  'alright',
  'fine',
  'one sec',
  'one moment',
  'hi',
  'hello',
  'hey',
  'hello there',
  'hi there',
  'thanks',
  'thank you',
  'ty',
  'thx',
]);

/** Words that open a question ("Can I …", "Where is …"): auxiliaries only before a pronoun or determiner. */
const WH_WORDS = new Set([
  'how',
  'what',
  "what's",
  'when',
  'where',
  "where's",
  'why',
  'which',
  'who',
  'wie',
  'was',
  'wann',
  'wo',
  'warum',
  'wieso',
  'welche',
  'welcher',
  'welches',
  'comment',
  'quand',
  'où',
  'pourquoi',
  'quel',
  'quelle',
  'quels',
  'quelles',
  'combien',
  'cómo',
  'como',
  'cuándo',
  'cuando',
  'dónde',
  'donde',
  'qué',
  'cuál',
  'cuánto',
  'hoe',
  'wanneer',
  'waar',
  'waarom',
  'wat',
  'welke',
  'come',
  'quando',
  'dove',
  'perché',
]);
const AUXILIARIES = new Set([
  'can',
  'could',
  'would',
  'will',
  'is',
  'are',
  'do',
  'does',
  'did',
  'has',
  'have',
  'should',
  'may',
  'shall',
  'kann',
  'können',
  'könnten',
  'ist',
  'sind',
  'gibt',
  'habt',
  'haben',
  'pouvez',
  'puis',
  'est-ce',
  'puedo',
  'pueden',
  'podéis',
  'podrían',
  'kan',
  'kunnen',
  'kunt',
  'is',
  'zijn',
  'heb',
  'hebben',
]);
const QUESTION_SUBJECTS = new Set([
  'i',
  'you',
  'we',
  'it',
  'my',
  'the',
  'this',
  'that',
  'there',
  'your',
  'a',
  'an',
  'these',
  'those',
  'they',
  'he',
  'she',
  'someone',
  'ich',
  'sie',
  'ihr',
  'man',
  'es',
  'mein',
  'meine',
  'je',
  'vous',
  'on',
  'il',
  'ma',
  'mon',
  'mes',
  'yo',
  'usted',
  'ustedes',
  'mi',
  'ik',
  'u',
  'jullie',
  'mijn',
  'het',
  'de',
]);
/** Phrases of a request ("I would like …", "please …"). */
const REQUESTS = [
  'please',
  'pls',
  'plz',
  'i would like',
  "i'd like",
  'i want',
  'i need',
  'i wish',
  'i wanted to know',
  'i would like to know',
  'can you',
  'could you',
  'would you',
  'kindly',
  'bitte',
  'ich möchte',
  'ich hätte gern',
  'je voudrais',
  'je souhaite',
  'merci de',
  "s'il vous plaît",
  'por favor',
  'quisiera',
  'me gustaría',
  'necesito',
  'graag',
  'ik wil',
  'zou u',
  'per favore',
];

/** Verbs of what customers ask for, opening an imperative (English: other languages ask with "bitte", "por favor"). */
const IMPERATIVES = new Set(
  (
    'cancel change modify edit add remove delete update reset track check send refund return exchange replace help ' +
    'need want wanna show tell give find unsubscribe subscribe switch recover create register fix stop book pay ' +
    'apply redirect ship deliver contact report issue resend reopen close upgrade downgrade renew unlock verify ' +
    'confirm explain advise define translate'
  ).split(' '),
);

/** After a verb that is also a noun, these make it a noun phrase: "Refund not received", "Return label". */
const NOUN_PHRASE_NEXT = new Set(
  (
    'not no is was were has had request requested policy status label received issue issues problem question of ' +
    'for time timeline date period fee fees options option method methods process confirmation number information ' +
    'info details and'
  ).split(' '),
);

/** Words of a problem (negations, failures), in a sentence that tells one. */
const PROBLEM_CUES = (
  "not n't hasn't hasnt haven't didn't didnt doesn't doesnt won't wont can't cant cannot isn't isnt never still " +
  'wrong broken damaged missing declined failed failing expired locked error exception torn faulty defective late'
).split(' ');

/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'no',
  'nr',
  'approx',
  'ca',
  'vs',
  'z.b',
  'bzw',
  'ref',
  'tel',
  'p.s',
  'ps',
]);

/** Chat speakers who are the helpdesk's side, or the customer's, by a word of their label. */
const AGENT_LABELS = [
  'agent',
  'support',
  'bot',
  'assistant',
  'team',
  'service',
  'care',
  'operator',
  'staff',
  'advisor',
  'adviser',
  'representative',
  'helpdesk',
  'help desk',
  'concierge',
  'kundenservice',
  'kundendienst',
  'soporte',
  'atención',
  'klantenservice',
];
const CUSTOMER_LABELS = [
  'visitor',
  'customer',
  'guest',
  'client',
  'user',
  'you',
  'me',
  'kunde',
  'besucher',
  'visiteur',
  'cliente',
  'visitante',
  'klant',
  'bezoeker',
];
/** An agent opening a chat, when no label says who is who. */
const AGENT_OPENINGS = [
  'how can i help',
  'how may i help',
  'how can we help',
  'what can we help',
  'what can i help',
  'thanks for contacting',
  'thank you for contacting',
  'thanks for reaching out',
  'thank you for reaching out',
  'welcome to',
  'my name is',
];

// ---------------------------------------------------------------------------------------------------------------
// Small scanners. Every function that loops over a string adds what it examines to `customerQueryWork.steps`.

const step = (n: number) => {
  customerQueryWork.steps += n;
};

const isSpace = (code: number) =>
  code === 32 || code === 9 || code === 160 || code === 0x2007 || code === 0x202f || code === 0x3000;

function trimmed(text: string): string {
  step(Math.min(text.length, 2 * SLICE));
  return text.trim();
}

/** Lower-cased, whitespace folded: for comparing a bounded piece of a line with the lists above. */
function folded(text: string): string {
  const slice = text.length > SLICE ? text.slice(0, SLICE) : text;
  step(slice.length);
  return slice.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether `text` starts with `phrase` as whole words. */
function startsWithWords(text: string, phrase: string): boolean {
  if (!text.startsWith(phrase)) return false;
  const next = text.charCodeAt(phrase.length);
  return Number.isNaN(next) || !isWordChar(next);
}

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 39 ||
    code === 0x2019 ||
    (code >= 0xc0 && code !== 0xd7 && code !== 0xf7 && code < 0x2000)
  );
}

/** Whether the phrase occurs in `text` as whole words. */
function hasWords(text: string, phrase: string): boolean {
  let at = text.indexOf(phrase);
  while (at !== -1) {
    const before = at === 0 ? 32 : text.charCodeAt(at - 1);
    const after = at + phrase.length >= text.length ? 32 : text.charCodeAt(at + phrase.length);
    if (!isWordChar(before) && !isWordChar(after)) return true;
    at = text.indexOf(phrase, at + 1);
  }
  return false;
}

/** Whitespace-separated tokens of a (bounded or not) string, in one pass. */
function tokens(text: string): string[] {
  step(text.length);
  const found: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === 10;
    if (space) {
      if (start !== -1) found.push(text.slice(start, i));
      start = -1;
    } else if (start === -1) start = i;
  }
  return found;
}

/** Counts whitespace-separated words up to `limit` (then stops). */
function countWords(text: string, limit: number): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) {
      count++;
      if (count > limit) {
        step(i + 1);
        return count;
      }
    }
    inWord = !space;
  }
  step(text.length);
  return count;
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers: order, card, IBAN, tracking, phone and customer numbers, e-mail addresses, links.

/** What a token is, for identifier runs: a word, an identifier, a short number, or punctuation. */
function tokenKind(token: string): 'word' | 'id' | 'number' | 'other' {
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (isWordChar(code) && code !== 39 && code !== 0x2019) letters++;
    else if (code === 64) return 'id';
  }
  if (token.length > 3 && (token.startsWith('http') || token.startsWith('www.'))) return 'id';
  if (digits === 0) return letters > 0 ? 'word' : 'other';
  // Letters and digits mixed (NW-104233, DE89, 1Z999AA…, LS1) or four digits and more (card groups, years, times).
  if (letters > 0 && !isOrdinal(token)) return 'id';
  if (digits >= 4) return 'id';
  return 'number';
}

/** 3rd, 21st, 2nd, 1er, 3º: numbers customers write, not identifiers. */
function isOrdinal(token: string): boolean {
  const lower = token.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return /^\d{1,2}(st|nd|rd|th|er|e|º|ª|te|de)$/.test(lower) || /^\d{1,3}(kg|cm|mm|km|l|ml|g|m)$/.test(lower);
}

/** Whether every word is a stopword of some language or an acknowledgement ("sure", "it", "is"). */
function onlyFunctionWords(text: string): boolean {
  if (countWords(text, 6) > 6) return false;
  return words(text).every(
    (word) =>
      ACKNOWLEDGEMENTS.has(word) ||
      STEMMED_LANGUAGES.some((language) => isStopword(foldCase(word), language)),
  );
}

/** A sentence with these around a number gives the number ("My order number is …", "I paid with my card …"). */
const ID_NOUNS = [
  'number',
  'no',
  'nr',
  'iban',
  'bic',
  'account',
  'card',
  'reference',
  'ref',
  'details',
  'nummer',
  'konto',
  'karte',
  'numéro',
  'carte',
  'compte',
  'número',
  'cuenta',
  'tarjeta',
  'rekening',
  'kaart',
];

/** Words that only label an identifier: they go with it. */
const ID_LABELS = new Set([
  'iban',
  'bic',
  'swift',
  'ref',
  'reference',
  'no',
  'nr',
  'number',
  'num',
  'id',
  'nº',
  'n°',
  '',
]);

const bareLabel = (token: string) => token.toLowerCase().replace(/[.:#,]+$/, '');

function isCapitalised(token: string): boolean {
  const char = token.charAt(0);
  return char !== char.toLowerCase();
}

interface Stripped {
  text: string;
  /** Whether identifiers were removed. */
  had: boolean;
  /** Where the first label of an identifier ("no.", "IBAN:", "#") was, in tokens; -1 for none. */
  labelAt: number;
  words: number;
}

/**
 * The text without its identifiers. A run of number groups with five digits or more in all is one identifier too
 * ("4111 1111 1111 1111", "+44 20 7946 0958"), as are the labels' `#` and `:` left around them.
 */
function stripIdentifiers(text: string): Stripped {
  const list = tokens(text);
  const kinds = list.map(tokenKind);
  step(list.length);
  // A bank code after its label ("BIC COBADEFFXXX") is all letters, yet an identifier.
  for (let i = 1; i < list.length; i++) {
    const label = bareLabel(list[i - 1]!);
    if ((label === 'bic' || label === 'swift') && list[i]!.length >= 8) kinds[i] = 'id';
  }
  const drop = new Uint8Array(list.length);
  let had = false;
  // Runs of numbers and identifiers (spaces inside a card or phone number split it into tokens).
  for (let i = 0; i < list.length; ) {
    if (kinds[i] !== 'number' && kinds[i] !== 'id') {
      i++;
      continue;
    }
    let j = i;
    let digits = 0;
    let ids = 0;
    while (j < list.length && (kinds[j] === 'number' || kinds[j] === 'id' || kinds[j] === 'other')) {
      if (kinds[j] === 'id') ids++;
      for (let c = 0; c < list[j]!.length; c++) {
        const code = list[j]!.charCodeAt(c);
        if (code >= 48 && code <= 57) digits++;
      }
      j++;
    }
    step(j - i);
    if (ids > 0 || digits >= 5) {
      for (let k = i; k < j; k++) drop[k] = 1;
      had = true;
    }
    i = j;
  }
  // Labels of the identifiers go with them: "IBAN:", "no.", "Tracking number:" in the middle of a sentence.
  let labelAt = -1;
  for (let i = 1; i < list.length; i++) {
    if (!drop[i] || drop[i - 1]) continue;
    let k = i - 1;
    const colon = list[k]!.endsWith(':') || list[k]!.endsWith('#');
    if (!colon && !ID_LABELS.has(bareLabel(list[k]!))) continue;
    drop[k--] = 1;
    while (k >= 0 && !drop[k] && ID_LABELS.has(bareLabel(list[k]!))) drop[k--] = 1;
    // "Tracking number:" opening a line or following a word with no full stop: the capitalised word is the label's.
    if (colon && k >= 0 && !drop[k] && isCapitalised(list[k]!) && (k === 0 || !/[.!?:]$/.test(list[k - 1]!)))
      drop[k--] = 1;
    if (labelAt === -1) labelAt = k + 1;
  }
  const kept: string[] = [];
  let words = 0;
  for (let i = 0; i < list.length; i++) {
    if (drop[i]) continue;
    const token = list[i]!;
    if (token === '#' || token === ':' || token === '-' || token === '|' || token === '') continue;
    if (kinds[i] === 'word') words++;
    kept.push(token);
  }
  return { text: kept.join(' '), had, labelAt, words };
}

// ---------------------------------------------------------------------------------------------------------------
// Lines.

type LineKind = 'blank' | 'quoted' | 'header' | 'text';

interface Line {
  /** Without quote marks, trimmed. */
  text: string;
  depth: number;
  kind: LineKind;
}

function splitLines(message: string): Line[] {
  // Control characters (binary junk) and invisible marks become spaces; one pass, whatever the input.
  let from = 0;
  const parts: string[] = [];
  for (let i = 0; i < message.length; i++) {
    const code = message.charCodeAt(i);
    const control = (code < 32 && code !== 10 && code !== 9) || code === 127;
    const invisible = code === 0xfffd || code === 0x200b || code === 0x2060 || code === 0xfeff;
    if (!control && !invisible) continue;
    parts.push(message.slice(from, i), code === 13 && message.charCodeAt(i + 1) !== 10 ? '\n' : ' ');
    from = i + 1;
  }
  parts.push(message.slice(from));
  const clean = parts.join('');
  step(message.length * 2);
  const lines: Line[] = [];
  let start = 0;
  while (start <= clean.length) {
    let end = clean.indexOf('\n', start);
    if (end === -1) end = clean.length;
    step(end - start + 1);
    let at = start;
    let depth = 0;
    // Quote marks: "> > text", ">>text".
    while (at < end) {
      const code = clean.charCodeAt(at);
      if (code === 62) depth++;
      else if (!isSpace(code)) break;
      at++;
    }
    const text = trimmed(clean.slice(at, end));
    lines.push({ text, depth, kind: depth > 0 ? 'quoted' : text === '' ? 'blank' : 'text' });
    start = end + 1;
  }
  return lines;
}

/** The field name of a "From: …" header line (lower case, without bold marks), or undefined. */
function fieldName(text: string): string | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon > 24) return undefined;
  return text.slice(0, colon).replace(/[*_]/g, '').trim().toLowerCase();
}

function isReplyAttribution(text: string): boolean {
  if (text.length > 2 * SLICE || !text.endsWith(':')) return false;
  const lower = folded(text.slice(-SLICE));
  return WROTE.some((verb) => hasWords(lower, verb));
}

function isSeparator(text: string): boolean {
  if (text.length > 120) return false;
  const lower = folded(text);
  const first = lower.charCodeAt(0);
  const framed = first === 45 || first === 95 || first === 61 || first === 42 || lower.endsWith(':');
  return framed && SEPARATOR_PHRASES.some((phrase) => lower.includes(phrase));
}

function isRule(text: string): boolean {
  if (text.length < 8 || text.length > SLICE) return false;
  step(text.length);
  for (let i = 0; i < text.length; i++)
    if (text[i] !== '_' && text[i] !== '-' && text[i] !== '=') return false;
  return true;
}

/**
 * Marks quoted mails: lines quoted with ">", and everything after a reply header ("On … wrote:", "-----Original
 * Message-----", a "From: / Sent:" block) unless the quote under the header is itself marked with ">" — then the
 * customer may have written below it (bottom-posting), and what follows the marked lines is theirs again.
 */
function markQuotes(lines: Line[]): void {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.kind !== 'text') continue;
    let headerEnd = -1;
    let headerStart = i;
    if (isReplyAttribution(line.text)) {
      headerEnd = i;
      // Wrapped over two lines: "On Mon, 3 Mar 2025 at 10:02 Northwind <" / "support@…> wrote:".
      const previous = lines[i - 1];
      const first = folded(line.text).split(' ', 1)[0] ?? '';
      if (
        previous?.kind === 'text' &&
        previous.text.length <= SLICE &&
        !ATTRIBUTION_STARTS.includes(first) &&
        ATTRIBUTION_STARTS.includes(folded(previous.text).split(' ', 1)[0] ?? '')
      )
        headerStart = i - 1;
    } else if (isSeparator(line.text)) {
      headerEnd = i;
      // The fields under it belong to the header.
      while (headerEnd + 1 < lines.length && lines[headerEnd + 1]!.kind === 'text') {
        const name = fieldName(lines[headerEnd + 1]!.text);
        if (!name || !(FROM_FIELDS.has(name) || OTHER_FIELDS.has(name))) break;
        headerEnd++;
      }
    } else {
      const name = fieldName(line.text);
      const nextName = lines[i + 1]?.kind === 'text' ? fieldName(lines[i + 1]!.text) : undefined;
      if (name && FROM_FIELDS.has(name) && nextName && OTHER_FIELDS.has(nextName)) {
        headerEnd = i + 1;
        while (headerEnd + 1 < lines.length && lines[headerEnd + 1]!.kind === 'text') {
          const more = fieldName(lines[headerEnd + 1]!.text);
          if (!more || !OTHER_FIELDS.has(more)) break;
          headerEnd++;
        }
        // Outlook's rule line above the block.
        let above = i - 1;
        while (above >= 0 && lines[above]!.kind === 'blank') above--;
        if (above >= 0 && lines[above]!.kind === 'text' && isRule(lines[above]!.text)) headerStart = above;
      }
    }
    if (headerEnd === -1) continue;
    for (let k = headerStart; k <= headerEnd; k++) lines[k]!.kind = 'header';
    let next = headerEnd + 1;
    while (next < lines.length && lines[next]!.kind === 'blank') next++;
    if (next < lines.length && lines[next]!.kind === 'quoted') {
      // Marked quote: the customer's text may follow it.
      i = next;
      continue;
    }
    // Unmarked quote: the rest is the earlier mail.
    for (let k = headerEnd + 1; k < lines.length; k++)
      if (lines[k]!.kind === 'text') lines[k]!.kind = 'quoted';
    return;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Chat transcripts: "[10:02] Maya: …", "10:02 AM - Maya: …", "(2025-03-05 10:02:07) Maya: …", "Maya (10:02): …",
// "Maya [10:02]" with the text on the next lines.

const TIME = String.raw`(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}[./-]\d{1,2}[./-]\d{2,4},? )?\d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp]\.?[Mm]\.?)?`;
// "[10:02] Maya: …", "<10:02> Maya: …" (IRC), "[05/03/2025, 10:02:11] Maya: …" and "05/03/2025, 10:02 - Maya: …"
// (WhatsApp exports), "10:02 AM | Maya: …".
const TIME_FIRST = new RegExp(String.raw`^[[(<]?${TIME}[\])>]?\s*[-–|]?\s*([^:\s][^:]{0,59}):(?:\s|$)`);
// The name may carry a role in brackets ("Priya (Support) [10:02]"): the shortest name before a bracketed time.
const NAME_FIRST = new RegExp(
  String.raw`^([^\s:\d][^:]{0,59}?)\s*[[(,]\s*${TIME}\s*[\])]?\s*(?::(?:\s|$)|$)`,
);
// "Maya Thompson  10:02 AM", "Maya · 10:02" on a line of their own (Slack, Intercom): the text follows below.
const NAME_TIME_LINE = new RegExp(String.raw`^(\p{Lu}[^:\d]{0,40}?)\s*[·•|–-]?\s+${TIME}$`, 'u');

interface ChatLine {
  speaker: string;
  text: string;
}

function chatLine(text: string): ChatLine | undefined {
  const head = text.length > SLICE ? text.slice(0, SLICE) : text;
  step(head.length);
  const match = TIME_FIRST.exec(head) ?? NAME_FIRST.exec(head) ?? NAME_TIME_LINE.exec(head);
  if (!match) return undefined;
  const speaker = match[1]!.trim();
  if (speaker === '' || countWords(speaker, 6) > 6 || /[.!?]$/.test(speaker)) return undefined;
  return { speaker, text: text.slice(match[0].length).trim() };
}

/** "Chat started: …", "Chat ended by visitor.", "Conversation transcript": the chat app's own lines. */
function chatSystemLine(text: string): boolean {
  if (countWords(text, 8) > 8) return false;
  const lower = folded(text);
  return (
    /^(chat|conversation|transcript|session)\b/.test(lower) ||
    /\b(joined|left) the (chat|conversation)\b/.test(lower)
  );
}

function speakerRoles(
  turns: ReadonlyArray<{ speaker: string; text: string }>,
  agentNames: readonly string[],
): Map<string, 'agent' | 'customer'> {
  const roles = new Map<string, 'agent' | 'customer' | undefined>();
  const agents = agentNames.map((name) => folded(name)).filter((name) => name !== '');
  for (const { speaker } of turns) {
    if (roles.has(speaker)) continue;
    const label = folded(speaker);
    let role: 'agent' | 'customer' | undefined;
    if (agents.some((name) => label === name || hasWords(label, name))) role = 'agent';
    else if (AGENT_LABELS.some((word) => hasWords(label, word))) role = 'agent';
    else if (CUSTOMER_LABELS.some((word) => hasWords(label, word))) role = 'customer';
    roles.set(speaker, role);
  }
  const known = [...roles.values()];
  const fallback: 'agent' | 'customer' | undefined = known.includes('agent')
    ? 'customer'
    : known.includes('customer')
      ? 'agent'
      : undefined;
  // Nobody labelled: the customer opened the chat, unless its first line is an agent's welcome.
  let customer: string | undefined;
  if (!fallback) {
    // …or unless a speaker welcomes, offers help or thanks for contacting: that one is the agent.
    const welcoming = turns.find((turn) =>
      AGENT_OPENINGS.some((phrase) => folded(turn.text).includes(phrase)),
    );
    customer = welcoming
      ? turns.find((turn) => turn.speaker !== welcoming.speaker)?.speaker
      : turns[0]?.speaker;
  }
  const result = new Map<string, 'agent' | 'customer'>();
  for (const [speaker, role] of roles) {
    result.set(speaker, role ?? fallback ?? (speaker === customer ? 'customer' : 'agent'));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Signatures, disclaimers, greetings.

function signOffOf(text: string): boolean {
  if (text.length > 80) return false;
  const lower = folded(text).replace(/[\s,.!:;–—-]+$/, '');
  if (SIGN_OFFS.has(lower)) return true;
  // "Thanks, Maya", "Best Lukas", "Cheers - Sam": a sign-off then one to three capitalised words.
  const words = text
    .replace(/[,.!:;–—-]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  for (let cut = Math.min(4, words.length - 1); cut >= 1; cut--) {
    const phrase = words.slice(0, cut).join(' ').toLowerCase();
    if (!SIGN_OFFS.has(phrase)) continue;
    const rest = words.slice(cut);
    return rest.length <= 3 && rest.every(isNameWord);
  }
  // "Thanks and regards", "Many thanks & best wishes", "Kind regards and thanks again, Maya": sign-off words only.
  let at = 0;
  while (at < words.length && SIGN_OFF_WORDS.has(words[at]!.toLowerCase())) at++;
  const anchored = words.slice(0, at).some((word) => SIGN_OFF_ANCHORS.has(word.toLowerCase()));
  return anchored && at >= 2 && words.length - at <= 3 && words.slice(at).every(isNameWord);
}

const SIGN_OFF_WORDS = new Set(
  (
    'thanks thank you many best kind kindest warm warmest regards wishes and & with all the cheers sincerely yours ' +
    'faithfully truly again so much very a lot greetings respectfully'
  ).split(' '),
);
const SIGN_OFF_ANCHORS = new Set([
  'regards',
  'wishes',
  'thanks',
  'cheers',
  'sincerely',
  'faithfully',
  'truly',
  'greetings',
]);

const PARTICLES = new Set([
  'de',
  'van',
  'von',
  'der',
  'den',
  'del',
  'la',
  'le',
  'da',
  'di',
  'du',
  'of',
  'and',
  'y',
  'e',
]);

function isNameWord(word: string): boolean {
  const code = word.codePointAt(0) ?? 0;
  const char = String.fromCodePoint(code);
  return (
    PARTICLES.has(word) ||
    word === '&' ||
    word === '|' ||
    word === '–' ||
    word === '-' ||
    word === '·' ||
    (char !== char.toLowerCase() && char === char.toUpperCase())
  );
}

/** A name, title or company line: a few words, each capitalised (or a particle), no sentence. */
function nameLike(text: string): boolean {
  if (text.length > 80 || /[?!]|\.\s*$/.test(text.slice(-2))) return false;
  const words = text.split(/\s+/).filter(Boolean);
  step(text.length);
  return words.length > 0 && words.length <= 7 && words.every(isNameWord);
}

/**
 * A line that may follow a sign-off in a signature: no question, no sentence, and short or mostly capitalised
 * ("Becker & Söhne GmbH | Hauptstraße 12 | 10115 Berlin", "Flat 3, 45 High Street, Bristol").
 */
function signatureLine(text: string): boolean {
  if (text.length > SLICE || text.includes('?') || /[.!]$/.test(text)) return false;
  if (nameLike(text)) return true;
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length <= 6) return true;
  const capitalised = words.filter((word) => /^[\p{Lu}\p{N}]/u.test(word)).length;
  return capitalised >= 0.7 * words.length;
}

function mobileFooter(text: string): boolean {
  if (text.length > 80) return false;
  const lower = folded(text);
  return MOBILE_FOOTERS.some((phrase) => lower.startsWith(phrase));
}

/** Words that label a contact line ("Tel", "M", "E-mail", "IBAN"). */
const CONTACT_LABELS = new Set(
  (
    'tel tel. phone mobile mob mob. cell fax m t f e w p email e-mail mail web www iban bic swift skype whatsapp ' +
    'telefon handy téléphone tél portable teléfono móvil telefoon mobiel'
  ).split(' '),
);

/**
 * A contact or reference line: identifiers with at most a label ("Tel: …", "Order number: …", "IBAN …",
 * "Customer no. …"). "Cancel order 12345" is not one: its words before the number are not a label.
 */
function contactLine(text: string): boolean {
  const head = text.length > SLICE ? text.slice(0, SLICE) : text;
  const stripped = stripIdentifiers(head);
  if (!stripped.had) return false;
  if (stripped.words === 0) return true;
  if (stripped.words > 4) return false;
  const first = bareLabel(head.split(/\s/, 1)[0] ?? '');
  // The label opens the line: "what does it mean IBAN: …" is a question with a number after it.
  return CONTACT_LABELS.has(first) || (stripped.labelAt !== -1 && stripped.labelAt <= 1);
}

/** Whether a paragraph is a disclaimer or a banner: one strong marker, or two weaker ones (three with a "?"). */
function isDisclaimer(paragraph: string): boolean {
  const lower = paragraph.toLowerCase();
  step(paragraph.length);
  const question = paragraph.includes('?');
  let score = 0;
  for (const marker of STRONG_DISCLAIMER_MARKERS) {
    step(paragraph.length);
    if (lower.includes(marker)) score += 2;
    if (score >= 4) return true;
  }
  for (const marker of WEAK_DISCLAIMER_MARKERS) {
    step(paragraph.length);
    if (lower.includes(marker)) score += 1;
    if (score >= 3) return true;
  }
  return score >= 2 && !question;
}

/**
 * The line without a greeting: "Hi team," and "Dear Sir or Madam," go, "Hello Northwind, I ordered…" keeps what
 * follows the comma; a short line that is only a greeting goes whole.
 */
function withoutGreeting(text: string): string {
  const lower = folded(text);
  const greeting = GREETINGS.find((phrase) => startsWithWords(lower, phrase));
  if (!greeting) return text;
  const head = text.slice(0, 80);
  let cut = -1;
  for (let i = greeting.length; i < head.length; i++) {
    const char = head[i]!;
    if (char === ',' || char === '!' || char === ':' || char === ';' || char === '\u3001') {
      cut = i + 1;
      break;
    }
    if (char === '?' || char === '.') break;
  }
  if (cut !== -1 && countWords(text.slice(0, cut), 7) <= 7) return text.slice(cut).trim();
  if (!text.includes('?') && countWords(text, 6) <= 5) return '';
  return text.slice(greeting.length).replace(/^[\s,!:;]+/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Sentences.

type SentenceKind = 'question' | 'statement' | 'pleasantry';

function cutSentences(paragraph: string, out: string[]): void {
  step(paragraph.length);
  let start = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const char = paragraph[i]!;
    if (char !== '.' && char !== '!' && char !== '?' && char !== '¿' && char !== '¡') continue;
    if (char === '¿' || char === '¡') {
      // Spanish opening marks start a sentence.
      if (i > start && paragraph.slice(start, i).trim() !== '') {
        out.push(paragraph.slice(start, i));
        start = i;
      }
      continue;
    }
    let end = i + 1;
    while (end < paragraph.length && '.!?'.includes(paragraph[end]!)) end++;
    if (end < paragraph.length && !isSpace(paragraph.charCodeAt(end))) {
      i = end - 1;
      continue;
    }
    if (char === '.') {
      // "e.g.", "No. 5", "J. Smith", "3." are not ends.
      let w = i;
      while (w > start && !isSpace(paragraph.charCodeAt(w - 1))) w--;
      const word = paragraph.slice(w, i).toLowerCase();
      if (word.length <= 1 || ABBREVIATIONS.has(word.replace(/^[([]/, ''))) continue;
    }
    out.push(paragraph.slice(start, end));
    start = end;
    i = end - 1;
  }
  if (start < paragraph.length) out.push(paragraph.slice(start));
}

/** Words that start a new sentence when a customer forgot the full stop before them ("…in spanish My order is"). */
const STARTERS = new Set(
  (
    'My The This Please Thanks Thank Our Your You We Order Tracking IBAN Could Can Would Is Are Do Does Where When ' +
    'What How Why Also Btw BTW Hi Hello Sorry Unfortunately'
  ).split(' '),
);
/** "I" starts one before these ("…for dog I paid with my card"), */
const AFTER_I = new Set(
  (
    'paid ordered bought sent received called placed used got tried already also wrote spoke returned emailed ' +
    'phoned contacted'
  ).split(' '),
);
/** …unless the word before binds it ("when do I", "if I", "and I"). */
const BINDS_I = new Set(
  (
    'do did does can could would will should may might must shall when where how what why which who if that because ' +
    'so and but or as than after before until while since once whether then am is are was were have has had let ' +
    'whom whose where'
  ).split(' '),
);

/**
 * Sentences run together without a full stop, as typed on a phone: "what's the spanish word for pasta My order
 * number is NW-1" is a question and a reference. Split before a capitalised sentence opener (or "I" and a verb)
 * that follows a word without punctuation, when both sides keep a few words.
 */
function splitRunOn(sentence: string, out: string[]): void {
  const list = tokens(sentence);
  if (list.length < 5) {
    out.push(sentence);
    return;
  }
  let from = 0;
  const pieces: string[] = [];
  for (let j = 3; j < list.length - 1; j++) {
    if (j - from < 3) continue;
    const previous = list[j - 1]!;
    const last = previous.charCodeAt(previous.length - 1);
    const bare = !(last < 128 && !isWordChar(last));
    if (!bare) continue;
    const word = list[j]!;
    const opens =
      STARTERS.has(word) ||
      (word === 'I' && AFTER_I.has(list[j + 1]!.toLowerCase()) && !BINDS_I.has(previous.toLowerCase()));
    if (!opens || /^\p{Lu}/u.test(previous)) continue;
    pieces.push(list.slice(from, j).join(' '));
    from = j;
  }
  pieces.push(list.slice(from).join(' '));
  for (const piece of pieces) out.push(piece);
}

const SUBJECT_WORDS = ['subject', 'betreff', 'objet', 'asunto', 'onderwerp', 'oggetto', 'assunto'];

/** "See subject.", "As per the subject line": the question is in the subject. */
function mentionsSubject(sentence: string): boolean {
  if (countWords(sentence, 9) > 8) return false;
  const lower = folded(sentence);
  return SUBJECT_WORDS.some((word) => hasWords(lower, word));
}

/** "Quick question: can I …", "Problem: my card …": a short label before a colon says nothing of its own. */
function withoutLeadIn(sentence: string): string {
  const colon = sentence.slice(0, 40).indexOf(':');
  if (colon <= 0) return sentence;
  const rest = sentence.slice(colon + 1).trim();
  return countWords(sentence.slice(0, colon), 5) <= 4 && countWords(rest, 3) >= 3 ? rest : sentence;
}

/** "Cheers, Lukas" or "Kind regards, Daan" closing a one-paragraph mail. */
function withoutTrailingSignOff(sentence: string): string {
  const tail = sentence.slice(-60);
  step(tail.length);
  const words = tail.split(/\s+/).filter(Boolean);
  for (let take = Math.min(7, words.length); take >= 2; take--) {
    const piece = words.slice(-take).join(' ');
    if (signOffOf(piece) && /[,!]/.test(piece) && words.length > take) {
      const at = sentence.lastIndexOf(words[words.length - take]!);
      return sentence.slice(0, at).trim();
    }
  }
  return sentence;
}

function sentenceKind(sentence: string): SentenceKind {
  const lower = folded(sentence).replace(/^[¿¡"“'(]+/, '');
  const bare = lower.replace(/[\s,.!?:;)"”]+$/, '');
  if (ACKNOWLEDGEMENTS.has(bare) || SIGN_OFFS.has(bare)) return 'pleasantry';
  // "Could you help me?", "I need some help.": asking for help in general says nothing of what about.
  if (countWords(bare, 7) <= 6 && bare.split(' ').every((word) => GENERIC_ASK.has(word))) return 'pleasantry';
  const question =
    sentence.trimEnd().endsWith('?') || sentence.trimStart().startsWith('¿') || opensQuestion(lower);
  if (question) return 'question';
  if (
    countWords(sentence, 12) <= 12 &&
    PLEASANTRIES.some((phrase) => startsWithWords(lower, phrase)) &&
    // "Thank you, that solved it!" is what the message says, not politeness around it.
    !RESOLVED.some((phrase) => hasWords(lower, phrase))
  )
    return 'pleasantry';
  if (REQUESTS.some((phrase) => hasWords(lower, phrase))) return 'question';
  // An imperative is a request too: "cancel my order", "add an item to order", "need help with the invoice";
  // not a noun phrase that opens with the same word ("Refund not received", "Return label").
  const [first = '', second = ''] = lower.split(' ', 3);
  if (IMPERATIVES.has(first) && !NOUN_PHRASE_NEXT.has(second)) return 'question';
  // A problem told as a statement is what the customer wants answered: "my address hasn't changed", "the zip broke".
  if (PROBLEM_CUES.some((cue) => hasWords(lower, cue))) return 'question';
  return 'statement';
}

/**
 * A question without its mark: "where is my order", "so, can I still return it", "…, when do I get it". A question
 * word opening the sentence counts unless a subject follows it ("When the parcel arrived, …" tells a story);
 * later in the sentence only a question word, an auxiliary and a subject do ("…, who is going on a trip" does not).
 */
function opensQuestion(lower: string): boolean {
  const clauses = lower.split(/[,;:–—]| - /);
  // "So, …", "Also, …", "ok …": the sentence starts after them.
  let opening = 0;
  for (let c = 0; c < clauses.length && c < 4; c++) {
    const words = clauses[c]!.trim().split(' ');
    while (words.length > 1 && DISCOURSE.has(words[0]!)) words.shift();
    if (c === opening && words.length === 1 && DISCOURSE.has(words[0]!)) {
      opening++;
      continue;
    }
    const first = words[0] ?? '';
    const second = words[1] ?? '';
    const third = words[2] ?? '';
    // "what's the …", "where's my …": the auxiliary is in the question word.
    if (/^(what|where|how|who|when|why)['’]s$/.test(first)) return true;
    if (WH_WORDS.has(first)) {
      if (AUXILIARIES.has(second) && (c === opening || QUESTION_SUBJECTS.has(third))) return true;
      if (c === opening && second !== '' && !SUBORDINATE_SUBJECTS.has(second) && !RELATIVES.has(first))
        return true;
      continue;
    }
    if (AUXILIARIES.has(first) && QUESTION_SUBJECTS.has(second)) return true;
  }
  return false;
}

/** Words a sentence may open with before its question ("so", "also", "ok"). */
const DISCOURSE = new Set([
  'so',
  'also',
  'and',
  'but',
  'btw',
  'ok',
  'okay',
  'well',
  'now',
  'then',
  'anyway',
  'hi',
  'hey',
]);

/** After a question word, these make a clause of a story ("when the parcel came", "where I live"). */
const SUBORDINATE_SUBJECTS = new Set([
  'the',
  'a',
  'an',
  'i',
  'you',
  'we',
  'he',
  'she',
  'they',
  'it',
  'my',
  'your',
  'our',
  'their',
  'his',
  'her',
  'this',
  'that',
  'der',
  'die',
  'das',
  'ich',
  'wir',
  'je',
  'nous',
  'le',
  'la',
  'les',
  'el',
  'los',
  'las',
  'yo',
  'ik',
  'we',
  'de',
  'het',
]);
/** Question words that also open relative clauses. */
const RELATIVES = new Set(['who', 'which', 'that']);

// ---------------------------------------------------------------------------------------------------------------

function cleanSubject(subject: string): { text: string; reply: boolean } {
  let text = trimmed(subject.length > 2 * SLICE ? subject.slice(0, 2 * SLICE) : subject);
  let reply = false;
  // "Re: AW: Fwd:" prefixes, "[Ticket #123]" tags.
  for (let guard = 0; guard < 8; guard++) {
    const match =
      /^(?:\[[^\]]{0,40}\]\s*|(?:re|aw|wg|fw|fwd|tr|rv|sv|vs|antw|r|rif|enc|res)(?:\[\d+\])?\s*:\s*)/i.exec(
        text,
      );
    if (!match) break;
    if (/^(re|aw|antw|r|rif|res|sv|vs)\b/i.test(match[0])) reply = true;
    text = text.slice(match[0].length);
  }
  // Tags anywhere: "Refund not received [Ticket #4821]".
  text = text.replace(/\[[^\]]{0,40}\]/g, ' ');
  return { text: stripIdentifiers(text).text, reply };
}

/**
 * The query for a customer's message (and the ticket's subject): their own new text, weighed. A message with
 * nothing of the customer's own (a signature, a quote, junk) gives no parts: no suggestion rather than noise.
 */
export function customerQuery(message: string, options: CustomerQueryOptions = {}): CustomerQuery {
  const lines = splitLines(message);
  markQuotes(lines);

  // Paragraphs of the customer's own text, in order.
  const paragraphs: string[] = [];
  const chat = lines.filter((line) => line.kind === 'text' && chatLine(line.text) !== undefined).length >= 2;
  if (chat) collectChat(lines, options.agentNames ?? [], paragraphs);
  else collectMail(lines, paragraphs);

  const parts: QueryPart[] = [];
  const pleasantries: QueryPart[] = [];
  let pointsAtSubject = false;
  for (const paragraph of paragraphs) {
    const cut: string[] = [];
    cutSentences(paragraph, cut);
    const sentences: string[] = [];
    for (const sentence of cut) splitRunOn(sentence, sentences);
    for (const raw of sentences) {
      // "Regards, James" closing a one-paragraph mail, alone or after the last sentence: politeness.
      if (signOffOf(raw.trim())) {
        pleasantries.push({ text: raw.trim(), weight: QUERY_WEIGHTS.statement });
        continue;
      }
      let sentence = withoutTrailingSignOff(raw.trim());
      if (sentence === '') continue;
      if (mentionsSubject(sentence)) {
        pointsAtSubject = true;
        continue;
      }
      sentence = withoutLeadIn(sentence);
      const kind = sentenceKind(sentence);
      const stripped = stripIdentifiers(sentence);
      if (stripped.words === 0) continue;
      // "sure, it is NW-104233", "the number is 104233": the number was the message.
      if (stripped.had && onlyFunctionWords(stripped.text)) continue;
      if (kind === 'pleasantry') {
        pleasantries.push({ text: stripped.text, weight: QUERY_WEIGHTS.statement });
        continue;
      }
      const weight =
        kind === 'question'
          ? QUERY_WEIGHTS.question
          : stripped.had &&
              stripped.words <= 8 &&
              ID_NOUNS.some((noun) => hasWords(folded(stripped.text), noun))
            ? QUERY_WEIGHTS.identifier
            : QUERY_WEIGHTS.statement;
      parts.push({ text: stripped.text, weight });
    }
  }
  // Politeness is all there is ("Thank you, that solved it!"): then it is the message.
  if (parts.length === 0) for (const part of pleasantries) parts.push(part);

  const subject = options.subject ? cleanSubject(options.subject) : undefined;
  const result: QueryPart[] = [];
  // A subject of general words only ("Help needed", "Question", "Urgent!!") says nothing.
  if (subject && countWords(subject.text, 1) > 0 && sentenceKind(subject.text) !== 'pleasantry') {
    const asks = parts.some((part) => part.weight >= QUERY_WEIGHTS.question);
    // The subject is the question when the body points at it ("See subject.") or asks nothing while the subject
    // does; a reply's subject ("Re: Your order has shipped") is what was written to the customer, so it counts
    // least once the body says something. When the body asks a question of its own, the subject is the thread's
    // topic, perhaps an older one ("Refund for a returned jacket" above "please exchange it instead"): a sentence.
    const weight =
      pointsAtSubject || (!asks && sentenceKind(subject.text) === 'question')
        ? QUERY_WEIGHTS.question
        : subject.reply && parts.length > 0
          ? QUERY_WEIGHTS.replySubject
          : asks
            ? QUERY_WEIGHTS.statement
            : QUERY_WEIGHTS.subject;
    result.push({ text: subject.text, weight });
  }
  // Bounded: questions first, then the rest in the order written. A pass per weight (there are four), not a sort:
  // a megabyte of one-word sentences stays linear.
  let room = MAX_QUERY_CHARS - (result[0]?.text.length ?? 0);
  const kept = new Uint8Array(parts.length);
  for (const weight of [QUERY_WEIGHTS.question, QUERY_WEIGHTS.statement, QUERY_WEIGHTS.identifier]) {
    for (let i = 0; i < parts.length && room > 0; i++) {
      const part = parts[i]!;
      if (part.weight !== weight || part.text.length + 1 > room) continue;
      room -= part.text.length + 1;
      kept[i] = 1;
    }
  }
  step(parts.length * 3);
  parts.forEach((part, i) => {
    if (kept[i]) result.push({ text: part.text, weight: part.weight });
  });
  return { text: result.map((part) => part.text).join('\n'), parts: result };
}

/** The customer's own paragraphs of an e-mail: no quotes, headers, signature, disclaimers, greeting. */
function collectMail(lines: Line[], paragraphs: string[]): void {
  // Segments: runs of the customer's lines between quotes.
  let start = 0;
  while (start < lines.length) {
    while (start < lines.length && (lines[start]!.kind === 'quoted' || lines[start]!.kind === 'header'))
      start++;
    let end = start;
    while (end < lines.length && lines[end]!.kind !== 'quoted' && lines[end]!.kind !== 'header') end++;
    if (end > start) collectSegment(lines.slice(start, end), paragraphs);
    start = end;
  }
}

function collectSegment(segment: Line[], paragraphs: string[]): void {
  const n = segment.length;
  // Disclaimer paragraphs (several lines when wrapped).
  const disclaimer = new Uint8Array(n);
  for (let i = 0; i < n; ) {
    if (segment[i]!.kind === 'blank') {
      i++;
      continue;
    }
    let j = i;
    while (j < n && segment[j]!.kind !== 'blank') j++;
    const text = segment
      .slice(i, j)
      .map((line) => line.text)
      .join(' ');
    if (isDisclaimer(text)) disclaimer.fill(1, i, j);
    i = j;
  }
  // The signature: from a "-- " line, or from the first sign-off after which only signature lines follow.
  let cut = n;
  for (let i = 0; i < n; i++) {
    const text = segment[i]!.text;
    if (text === '--' || text === '—' || text === '-- ') {
      cut = i;
      break;
    }
  }
  const postscript = (text: string) => /^p\.?\s?s\b/i.test(text.slice(0, 6));
  let signatureLike = true;
  for (let i = cut - 1; i >= 0 && signatureLike; i--) {
    const line = segment[i]!;
    if (line.kind === 'blank' || disclaimer[i] || postscript(line.text)) continue;
    if (signOffOf(line.text)) {
      cut = i;
      continue;
    }
    signatureLike = mobileFooter(line.text) || contactLine(line.text) || signatureLine(line.text);
  }
  // A sign-off with nothing around it ("Thanks!") is the message itself.
  if (cut < n && segment.every((line, i) => i === cut || line.kind === 'blank')) cut = n;
  // Without a sign-off, only lines that are surely not the customer's words go from the end: a name, a title, a
  // phone line, a mail app's footer.
  if (cut === n) {
    let i = n - 1;
    while (i >= 0) {
      const line = segment[i]!;
      if (
        line.kind === 'blank' ||
        disclaimer[i] ||
        mobileFooter(line.text) ||
        contactLine(line.text) ||
        nameLike(line.text)
      )
        i--;
      else break;
    }
    cut = i + 1;
  }
  // Paragraphs: lines joined while a sentence runs on (a wrapped line continues in lower case).
  let current: string[] = [];
  let first = true;
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' '));
    current = [];
  };
  for (let i = 0; i < n; i++) {
    const line = segment[i]!;
    const keep = i < cut || postscript(line.text);
    if (!keep || disclaimer[i] || line.kind === 'blank' || mobileFooter(line.text)) {
      flush();
      continue;
    }
    let text = line.text;
    if (postscript(text)) text = text.replace(/^p\.?\s?s\.?:?\s*/i, '');
    if (first) {
      first = false;
      text = withoutGreeting(text);
      if (text === '') continue;
    }
    if (contactLine(text)) {
      flush();
      continue;
    }
    const previous = current.at(-1);
    const runsOn =
      previous !== undefined && !/[.!?:;]$/.test(previous) && /^[\p{Ll}]/u.test(text.slice(0, 2));
    if (!runsOn) flush();
    current.push(text);
  }
  flush();
}

function collectChat(lines: Line[], agentNames: readonly string[], paragraphs: string[]): void {
  const turns: Array<{ speaker: string; text: string }> = [];
  for (const line of lines) {
    if (line.kind !== 'text') continue;
    const parsed = chatLine(line.text);
    if (parsed) turns.push({ speaker: parsed.speaker, text: parsed.text });
    else if (chatSystemLine(line.text)) continue;
    else if (turns.length > 0) {
      // A message over several lines ("Maya [10:02]" then the text).
      const last = turns.at(-1)!;
      last.text = last.text ? `${last.text}\n${line.text}` : line.text;
    }
  }
  const roles = speakerRoles(
    turns.filter((turn) => turn.text !== ''),
    agentNames,
  );
  for (const turn of turns) {
    if (roles.get(turn.speaker) !== 'customer' || turn.text === '') continue;
    for (const line of turn.text.split('\n')) {
      const text = withoutGreeting(line);
      if (text !== '') paragraphs.push(text);
    }
  }
}
