/**
 * Seed tickets of the demo helpdesk: the queue an agent of an outsourcing centre sees for one client, Northwind
 * Outfitters (an outdoor-gear retailer). Each ticket exercises something Deskmate must handle: answers to suggest,
 * sensitive data to flag, lookalikes it must NOT flag (order and tracking numbers), an SLA clock that is running.
 *
 * Times are relative to `now` so that the clocks always have something live to show, whenever the demo starts.
 */
import type { Channel, Message, Priority, Requester, Status, Ticket } from './model.ts';

export const CLIENT_NAME = 'Northwind Outfitters';
export const CENTRE_NAME = 'Harbor Support';

interface SeedMessage {
  /** `customer` (the ticket's requester), or the name of the agent who wrote it. */
  from: string;
  minutesAgo: number;
  text: string;
}

interface SeedTicket {
  id: number;
  subject: string;
  requester: Requester;
  priority: Priority | undefined;
  status: Status;
  channel: Channel;
  minutesAgo: number;
  tags: string[];
  messages: SeedMessage[];
}

const SEED: SeedTicket[] = [
  {
    id: 1042,
    subject: 'Where is my order? It was supposed to arrive Friday',
    requester: {
      name: 'Maya Thompson',
      email: 'maya.thompson@example.com',
      locale: 'en-US',
      timeZone: 'America/Chicago',
      previousTickets: 2,
      phone: '+1 312-555-0148',
      address: '4417 North Damen Avenue, Chicago, IL 60625',
    },
    priority: 'Normal',
    status: 'Open',
    channel: 'email',
    minutesAgo: 26 * 60 + 14,
    tags: ['shipping', 'wismo', 'order-status'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 26 * 60 + 14,
        text: `Hi there,

I ordered the Ridgeline 2-person tent and a pair of trekking poles last week (order #100482315). The confirmation said it would arrive Friday but nothing has shown up yet and we leave for our trip on Saturday morning.

The tracking number is 1Z999AA10123456784 but the carrier page hasn't updated in three days. Can you tell me what is going on?

Thanks,
Maya`,
      },
      {
        from: 'Priya Nair',
        minutesAgo: 25 * 60 + 40,
        text: `Hi Maya,

Thanks for reaching out, and sorry for the worry before your trip. I can see order #100482315 left our Reno warehouse on Tuesday. I've opened a trace with the carrier and will update you as soon as I hear back.

Best,
Priya
Northwind Outfitters Support`,
      },
      {
        from: 'customer',
        minutesAgo: 47,
        text: `Any news? The tracking page now says "exception - address information needed" but my address hasn't changed. There is also a second label on the order page, 9400 1000 0000 0000 0000 00 — is that a different parcel?

We really need the tent by Friday night.`,
      },
    ],
  },
  {
    id: 1043,
    subject: 'Refund for returned Summit down jacket',
    requester: {
      name: 'Daniel Okafor',
      email: 'd.okafor@example.net',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      previousTickets: 0,
      phone: '+44 20 7946 0321',
    },
    priority: 'High',
    status: 'Pending',
    channel: 'web',
    minutesAgo: 3 * 24 * 60 + 95,
    tags: ['returns', 'refund'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 3 * 24 * 60 + 95,
        text: `Hello, I sent back the Summit down jacket (size M, colour Slate) two weeks ago because it was too small. The return was delivered to you on the 3rd according to the post office but I still haven't received my refund of $249.00.

How long does a refund normally take?`,
      },
      {
        from: 'Sam Rivera',
        minutesAgo: 3 * 24 * 60 + 20,
        text: `Hi Daniel,

Thanks for your patience. Returns are usually inspected within 5 business days of arrival, and the refund goes back to the original payment method 3–5 days after that.

I've asked the returns team to prioritise your parcel and will confirm as soon as it has been processed.

Kind regards,
Sam`,
      },
      {
        from: 'customer',
        minutesAgo: 2 * 24 * 60 + 300,
        text: `OK, thank you. Could you also tell me whether I can exchange it for a size L instead? If the L is in stock I would rather have the jacket than the money.`,
      },
      {
        from: 'Sam Rivera',
        minutesAgo: 2 * 24 * 60 + 240,
        text: `Good news: the Summit in Slate, size L, is in stock. I've put one on hold for you for 48 hours. Just reply "exchange" and I'll switch your refund to an exchange.`,
      },
      {
        from: 'customer',
        minutesAgo: 2 * 24 * 60 + 60,
        text: `Actually I changed my mind, I found one locally. Please go ahead with the refund to my original payment method.`,
      },
    ],
  },
  {
    id: 1044,
    subject: 'Tent arrived with a torn rain fly',
    requester: {
      name: 'Olivia Chen',
      email: 'olivia.chen@example.org',
      locale: 'en-US',
      timeZone: 'America/Los_Angeles',
      previousTickets: 1,
    },
    priority: 'High',
    status: 'New',
    channel: 'email',
    minutesAgo: 40,
    tags: ['damaged-item', 'tents'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 40,
        text: `Hi,

My Ridgeline 3 tent arrived today and the rain fly has a 10 cm tear along one of the seams. The box looked fine from the outside, so I think it left the warehouse like this. I've attached two photos.

I'd like a replacement fly (or a new tent) please — we are going camping in two weeks.

Olivia`,
      },
    ],
  },
  {
    id: 1045,
    subject: 'Please change my shipping address',
    requester: {
      name: 'James Whitaker',
      email: 'jwhitaker@example.com',
      locale: 'en-US',
      timeZone: 'America/Los_Angeles',
      previousTickets: 4,
    },
    priority: 'Normal',
    status: 'New',
    channel: 'chat',
    minutesAgo: 12,
    tags: ['shipping', 'address-change'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 12,
        text: `Hi, I just placed an order (#100491877) but I used my old address by mistake. Can you send it to my new place instead?`,
      },
      {
        from: 'customer',
        minutesAgo: 11,
        text: `The new address is 1420 Alder Street, Apt 3B, Portland, OR 97214. Same name.`,
      },
    ],
  },
  {
    id: 1046,
    subject: 'Payment keeps failing at checkout',
    requester: {
      name: 'Robert Hughes',
      email: 'rob.hughes@example.com',
      locale: 'en-US',
      timeZone: 'America/New_York',
      previousTickets: 0,
    },
    priority: 'Urgent',
    status: 'New',
    channel: 'chat',
    minutesAgo: 7,
    tags: ['payments', 'checkout'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 7,
        text: `Your checkout page keeps saying "payment declined" but my bank says everything is fine. I'm trying to buy the Alpine 65 backpack before the sale ends tonight.`,
      },
      {
        from: 'customer',
        minutesAgo: 6,
        text: `Can you just charge it for me? Card is 4111 1111 1111 1111, expires 09/28, name on card Robert Hughes. Billing zip 10027.`,
      },
    ],
  },
  {
    id: 1047,
    subject: 'Locked out of my account after password reset',
    requester: {
      name: 'Aisha Patel',
      email: 'aisha.patel@example.co.uk',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      previousTickets: 1,
    },
    priority: 'Normal',
    status: 'Open',
    channel: 'web',
    minutesAgo: 5 * 60 + 30,
    tags: ['account', 'login'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 5 * 60 + 30,
        text: `I tried to reset my password this morning and now the site says my account is locked for "too many attempts". The reset email never arrived either.`,
      },
      {
        from: 'Priya Nair',
        minutesAgo: 4 * 60 + 55,
        text: `Hi Aisha, sorry about that! Accounts lock for 30 minutes after five failed attempts. I've unlocked yours and sent a fresh reset link — it is valid for one hour. Please check your spam folder if it doesn't show up.`,
      },
      {
        from: 'customer',
        minutesAgo: 35,
        text: `Got the link this time, but when I set the new password it says "link expired". I used it about ten minutes after it arrived. Can you help?`,
      },
    ],
  },
  {
    id: 1048,
    subject: 'Cancel my Trail Club membership',
    requester: {
      name: 'Henrik Larsen',
      email: 'henrik.larsen@example.dk',
      locale: 'en-US',
      timeZone: 'Europe/Copenhagen',
      previousTickets: 3,
    },
    priority: undefined,
    status: 'On-hold',
    channel: 'email',
    minutesAgo: 2 * 24 * 60 + 180,
    tags: ['subscription', 'cancellation'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 2 * 24 * 60 + 180,
        text: `Hello,

Please cancel my Trail Club membership at the end of the current period. I'm moving abroad and won't be able to use the member discounts any more.

Regards,
Henrik Larsen`,
      },
      {
        from: 'Sam Rivera',
        minutesAgo: 2 * 24 * 60 + 90,
        text: `Hi Henrik,

Sorry to see you go! I've passed your request to our membership team, who handle cancellations; they'll confirm the end date of your membership by email. I'll keep this ticket open until they do.

Best regards,
Sam`,
      },
    ],
  },
  {
    id: 1049,
    subject: 'Botas de montaña: talla equivocada',
    requester: {
      name: 'Lucía Fernández',
      email: 'lucia.fernandez@example.es',
      locale: 'es-ES',
      timeZone: 'Europe/Madrid',
      previousTickets: 0,
    },
    priority: 'Low',
    status: 'Open',
    channel: 'email',
    minutesAgo: 9 * 60 + 5,
    tags: ['returns', 'exchange', 'spanish'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 9 * 60 + 5,
        text: `Hola,

Recibí ayer las botas de montaña Cascade (pedido #100477604), pero me enviaron la talla 42 en lugar de la 39 que pedí. ¿Podrían cambiármelas por la talla correcta? No las he usado y todavía tengo la caja original.

Muchas gracias,
Lucía`,
      },
      {
        from: 'customer',
        minutesAgo: 8 * 60 + 50,
        text: `Perdón, olvidé decir que prefiero el cambio y no el reembolso. ¿Tengo que pagar el envío de la devolución?`,
      },
    ],
  },
  {
    id: 1039,
    subject: 'Which sleeping bag for winter camping?',
    requester: {
      name: 'Grace Kim',
      email: 'grace.kim@example.com',
      locale: 'en-US',
      timeZone: 'America/Denver',
      previousTickets: 5,
    },
    priority: 'Low',
    status: 'Solved',
    channel: 'chat',
    minutesAgo: 4 * 24 * 60 + 30,
    tags: ['product-question', 'sleeping-bags'],
    messages: [
      {
        from: 'customer',
        minutesAgo: 4 * 24 * 60 + 30,
        text: `Hi! Is the Polar 15 or the Polar 0 better for camping around -10 °C? I tend to sleep cold.`,
      },
      {
        from: 'Sam Rivera',
        minutesAgo: 4 * 24 * 60 + 24,
        text: `Hi Grace! For -10 °C and a cold sleeper I'd recommend the Polar 0: its comfort rating is -12 °C, while the Polar 15's is -4 °C. Pair it with an insulated pad (R-value 4 or more) for the best results.`,
      },
      {
        from: 'customer',
        minutesAgo: 4 * 24 * 60 + 20,
        text: `Perfect, ordering the Polar 0 now. Thanks!`,
      },
    ],
  },
];

/** The demo's tickets as of `now`, in the order the queue lists them. */
export function createSeedTickets(now: Date = new Date()): Ticket[] {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  return SEED.map((seed) => ({
    id: seed.id,
    subject: seed.subject,
    requester: { ...seed.requester },
    priority: seed.priority,
    status: seed.status,
    channel: seed.channel,
    createdAt: ago(seed.minutesAgo),
    tags: [...seed.tags],
    messages: seed.messages.map(
      (message, index): Message => ({
        id: `${seed.id}-${index + 1}`,
        author: message.from === 'customer' ? seed.requester.name : message.from,
        role: message.from === 'customer' ? 'customer' : 'agent',
        at: ago(message.minutesAgo),
        format: 'text',
        body: message.text,
      }),
    ),
  }));
}

/**
 * A long thread for measuring (`?thread=200` on any demo URL): ticket 1099, whose customer and agent take turns
 * over `messages` messages made from the seed tickets' own, some with the identifiers customers write (an order
 * number, a phone number, an e-mail address, now and then a card). Not in the queue unless asked for.
 */
export function createLongThread(messages: number, now: Date = new Date()): Ticket {
  const texts = SEED.flatMap((seed) => seed.messages.map((message) => message.text));
  const extras = [
    'My order number is 100482315.',
    'You can reach me on (312) 555-0148 after 5pm.',
    'Please write to maya.thompson@example.com instead.',
    'The card I used ends in 4242, it is 4242 4242 4242 4242.',
    '',
    '',
  ];
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  return {
    id: 1099,
    subject: `Long thread (${messages} messages)`,
    requester: {
      name: 'Maya Thompson',
      email: 'maya.thompson@example.com',
      locale: 'en-US',
      timeZone: 'America/Chicago',
      previousTickets: 12,
    },
    priority: 'Normal',
    status: 'Open',
    channel: 'email',
    createdAt: ago(messages * 30 + 10),
    tags: ['long-thread'],
    messages: Array.from({ length: messages }, (_, index): Message => {
      const customer = index % 2 === 0;
      return {
        id: `1099-${index + 1}`,
        author: customer ? 'Maya Thompson' : 'Priya Nair',
        role: customer ? 'customer' : 'agent',
        at: ago((messages - index) * 30),
        format: 'text',
        body: `${texts[index % texts.length]}${customer ? `\n\n${extras[index % extras.length]}` : ''}`.trim(),
      };
    }),
  };
}
