/** The ticket's conversation: customer and agent messages, oldest first, as email threads read in helpdesks. */
import DOMPurify from 'dompurify';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { absoluteTime, avatarHue, initials, relativeTime } from './format.ts';
import type { Message } from './model.ts';

/** Plain-text messages keep the customer's paragraphs and line breaks (CSS `pre-line` does the breaks). */
function TextBody({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== '');
  return (
    <>
      {paragraphs.map((paragraph, index) => (
        // Paragraphs have no identity beyond their position in an immutable message.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <p key={index}>{paragraph}</p>
      ))}
    </>
  );
}

function MessageArticle({ message, locale, now }: { message: Message; locale: string; now: Date }) {
  const isAgent = message.role === 'agent';
  return (
    <article class={`message message--${message.role}`} data-demo="message" data-author-role={message.role}>
      <span
        class={isAgent ? 'avatar avatar--agent' : 'avatar'}
        style={isAgent ? undefined : { '--avatar-hue': String(avatarHue(message.author)) }}
        aria-hidden="true"
      >
        {initials(message.author)}
      </span>
      <div class="message-card">
        <header class="message-header">
          <span class="message-author" data-demo="message-author">
            {message.author}
          </span>
          {isAgent && <span class="message-role">Agent</span>}
          <time
            class="message-time"
            data-demo="message-time"
            dateTime={message.at}
            title={absoluteTime(message.at)}
          >
            {relativeTime(message.at, now)}
          </time>
        </header>
        {message.format === 'html' ? (
          <div
            class="message-body"
            data-demo="message-body"
            // Replies come from our own editor, but rendering HTML without sanitising it is a habit not to teach.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised with DOMPurify
            dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(message.body) }}
          />
        ) : (
          <div class="message-body" data-demo="message-body" lang={isAgent ? undefined : locale}>
            <TextBody text={message.body} />
          </div>
        )}
      </div>
    </article>
  );
}

/** `locale` is the customer's: their messages carry it as `lang`, so spelling and screen readers get it right. */
/** How close to the bottom (px) still counts as "reading the latest message". */
const PINNED_SLACK = 24;

/**
 * Keeps the thread scrolled to its latest message, like chat and helpdesk threads do: on opening, when a reply is
 * appended, and when the space around it changes (the composer mounts or grows while the agent types), unless the
 * agent scrolled up to read older messages.
 */
function useStickToBottom(latestId: string | undefined) {
  const scroller = useRef<HTMLElement>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || !latestId) return;
    element.scrollTop = element.scrollHeight;
    pinned.current = true;
  }, [latestId]);

  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const onScroll = () => {
      pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight <= PINNED_SLACK;
    };
    const observer = new ResizeObserver(() => {
      if (pinned.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
  }, []);

  return scroller;
}

/** `locale` is the customer's: their messages carry it as `lang`, so spelling and screen readers get it right. */
export function Conversation({ messages, locale, now }: { messages: Message[]; locale: string; now: Date }) {
  const scroller = useStickToBottom(messages.at(-1)?.id);
  return (
    <section class="conversation" data-demo="conversation" aria-label="Conversation" ref={scroller}>
      {messages.map((message) => (
        <MessageArticle key={message.id} message={message} locale={locale} now={now} />
      ))}
    </section>
  );
}
