/** The context panel beside the conversation: who the customer is, and the ticket's routing and tags. */
import type { ComponentChildren } from 'preact';
import { absoluteTime, avatarHue, initials, localTimeIn } from './format.ts';
import { AGENT_NAME, type Ticket } from './model.ts';
import { CLIENT_NAME } from './tickets.ts';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard' });

function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function RequesterPanel({ ticket, now }: { ticket: Ticket; now: Date }) {
  const { requester } = ticket;
  return (
    <aside class="details" aria-label="Ticket details">
      <section class="details-card requester">
        <span class="avatar avatar--large" style={{ '--avatar-hue': String(avatarHue(requester.name)) }}>
          {initials(requester.name)}
        </span>
        <div class="requester-identity">
          <h2 class="requester-name" data-demo="requester-name">
            {requester.name}
          </h2>
          <a class="requester-email" data-demo="requester-email" href={`mailto:${requester.email}`}>
            {requester.email}
          </a>
        </div>
        <dl class="fields">
          {requester.phone ? (
            <Field label="Phone">
              <span data-demo="requester-phone">{requester.phone}</span>
            </Field>
          ) : null}
          {requester.address ? (
            <Field label="Address">
              <span data-demo="requester-address">{requester.address}</span>
            </Field>
          ) : null}
          <Field label="Local time">{localTimeIn(requester.timeZone, now)}</Field>
          <Field label="Language">{LANGUAGE_NAMES.of(requester.locale) ?? requester.locale}</Field>
          <Field label="Client">{CLIENT_NAME}</Field>
          <Field label="Past tickets">
            {requester.previousTickets === 0 ? 'None' : requester.previousTickets}
          </Field>
        </dl>
      </section>
      <section class="details-card">
        <h3 class="details-title">Ticket</h3>
        <dl class="fields">
          <Field label="Assignee">{AGENT_NAME}</Field>
          <Field label="Group">Northwind · Tier 1</Field>
          <Field label="Created">{absoluteTime(ticket.createdAt)}</Field>
          <Field label="Tags">
            <span class="tags">
              {ticket.tags.map((tag) => (
                <span class="tag" key={tag}>
                  {tag}
                </span>
              ))}
            </span>
          </Field>
        </dl>
      </section>
    </aside>
  );
}
