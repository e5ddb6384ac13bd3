// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { VariablesForm } from '../../../src/content/answers/AnswersUi.tsx';
import { MAX_VARIABLES_ASKED, prepareAnswer, variablesToAsk } from '../../../src/content/answers/template.ts';
import { latestCustomerMessage, pageValues } from '../../../src/content/answers/variables.ts';
import { demoAdapter as demoSite } from '../../../src/content/sites/demo.ts';
import { snippetWork } from '../../../src/core/knowledge/snippet.ts';

const DEMO_ADAPTER = demoSite('127.0.0.1:5178');

// Hostile article HTML is tested in Chromium (test/e2e/answers.e2e.ts): happy-dom's DOM is not faithful enough
// for DOMPurify to be judged on it.

describe('answer templates', () => {
  it('fills variables from the page and finds the tab stops', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: snippet syntax, not a template literal
    const body = 'Hi {{customer.first_name}}, your refund of ${1:amount} for #{{ticket.id}} is on its way.$0';
    const prepared = prepareAnswer(
      { body, bodyFormat: 'text' },
      { 'customer.first_name': 'Maya', 'ticket.id': '1042' },
    );
    expect(prepared.text).toBe('Hi Maya, your refund of amount for #1042 is on its way.');
    const stop = prepared.tabStops[0]?.ranges[0];
    expect(prepared.text.slice(stop?.start, stop?.end)).toBe('amount');
  });

  it('names the values the page does not give, so the agent is asked instead of sending a blank', () => {
    const article = {
      body: 'Reach me at {{agent.email}}, {{customer.first_name}}.',
      bodyFormat: 'text' as const,
    };
    expect(variablesToAsk(article, { 'customer.first_name': 'Maya' })).toEqual({
      asked: ['agent.email'],
      inReply: [],
    });
    expect(() => prepareAnswer(article, { 'customer.first_name': 'Maya' })).toThrow(/agent.email/);
  });

  it('asks for at most 20 values of an article that uses thousands, leaving the rest in the reply to fill in', () => {
    // A hostile article: 40,000 distinct variables the page does not give, in both spellings.
    const names = Array.from({ length: 40_000 }, (_, i) => `customer.v${i}`);
    const body = `Hi {{customer.first_name}}, ${names.map((name, i) => (i % 2 ? `{{${name}}}` : `{%${name}%}`)).join(' ')}`;
    const values = { 'customer.first_name': 'Maya' };
    const { asked, inReply } = variablesToAsk({ body, bodyFormat: 'text' }, values);
    expect(asked).toEqual(names.slice(0, MAX_VARIABLES_ASKED));
    expect(MAX_VARIABLES_ASKED).toBe(20);
    expect(inReply).toEqual(names.slice(20));

    // The form shows one field per value asked and says how many more the reply holds.
    const host = document.createElement('div');
    document.body.append(host);
    let submitted: Record<string, string> | undefined;
    act(() =>
      render(
        <VariablesForm
          names={asked}
          more={inReply.length}
          initial={values}
          onSubmit={(given) => {
            submitted = given;
          }}
          onCancel={() => {}}
        />,
        host,
      ),
    );
    const inputs = [...host.querySelectorAll('input')];
    expect(inputs.map((input) => input.name)).toEqual(asked);
    expect(host.querySelector('[data-testid="answers-variables-more"]')?.textContent).toBe(
      'This answer asks for 39980 more values; fill them in the reply, where they show as the article writes them.',
    );
    for (const input of inputs) {
      act(() => {
        input.value = `value of ${input.name}`;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    }
    act(() => {
      host.querySelector<HTMLButtonElement>('[data-testid="answers-variables-submit"]')?.click();
    });
    expect(Object.keys(submitted ?? {})).toEqual(asked);

    // What was asked is filled in; the rest stays as the article writes it, visibly unfilled, never blank.
    const written = (name: string, i: number) => (i % 2 ? `{{${name}}}` : `{%${name}%}`);
    const prepared = prepareAnswer({ body, bodyFormat: 'text' }, { ...values, ...submitted }, inReply);
    expect(prepared.text).toBe(
      `Hi Maya, ${names.map((name, i) => (i < 20 ? `value of ${name}` : written(name, i))).join(' ')}`,
    );
    // Only the values left for the reply may stay unfilled.
    expect(() =>
      prepareAnswer({ body, bodyFormat: 'text' }, { ...values, ...submitted }, inReply.slice(1)),
    ).toThrow(/missing values for customer\.v20$/);
    render(null, host);
    host.remove();
  });

  it('says nothing about more values when the form asks for all of them', () => {
    const host = document.createElement('div');
    act(() =>
      render(
        <VariablesForm names={['agent.email']} initial={{}} onSubmit={() => {}} onCancel={() => {}} />,
        host,
      ),
    );
    expect(host.querySelectorAll('input')).toHaveLength(1);
    expect(host.querySelector('[data-testid="answers-variables-more"]')).toBeNull();
    render(null, host);
  });

  it('inserts a hostile article, whose template syntax never closes, as its literal text in linear work', () => {
    // An imported article the recursive parser could not finish (2^k steps for k unclosed `${1:`) or overflowed on:
    // deep unclosed placeholders, choice lists and Help Scout variables that never end, a trailing backslash.
    const hostile =
      `Hi {{customer.first_name}}, ${'${1:'.repeat(10_000)}${'${2|a,'.repeat(2_000)}` +
      `${'{%x,fallback='.repeat(2_000)}\\`;
    const values = { 'customer.first_name': 'Maya' };
    for (const bodyFormat of ['text', 'html'] as const) {
      const body = bodyFormat === 'html' ? `<p>${hostile}</p>` : hostile;
      const before = snippetWork.steps;
      expect(variablesToAsk({ body, bodyFormat }, values)).toEqual({ asked: [], inReply: [] });
      const prepared = prepareAnswer({ body, bodyFormat }, values);
      expect(prepared.text).toBe(hostile.replace('{{customer.first_name}}', 'Maya'));
      expect(prepared.tabStops).toEqual([]);
      // Two parses and one expansion, each a few steps per character.
      expect(snippetWork.steps - before).toBeLessThanOrEqual(40 * body.length);
    }
  });

  it('refuses an article whose repeated tab stops would make a huge reply, quoting none of it', () => {
    const body = `Card 4111 1111 1111 1111 \${1:${'secret '.repeat(200)}}${'$1'.repeat(100)}`;
    let message = '';
    try {
      prepareAnswer({ body, bodyFormat: 'text' }, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/would grow by more than 100000 characters/);
    expect(message).not.toMatch(/secret|4111/);
  });

  it('reads the customer, ticket, agent and client from the page through the adapter', () => {
    document.body.innerHTML = `
      <div data-demo="ticket-view" data-ticket-id="1042">
        <h1 data-demo="ticket-subject">Where is my order?</h1>
        <span data-demo="requester-name">Maya Thompson</span>
        <a data-demo="requester-email" href="mailto:maya@example.com">maya@example.com</a>
        <span data-demo="agent-name">Priya Nair</span>
        <div data-demo="conversation">
          <article data-demo="message" data-author-role="customer"><div data-demo="message-body">First</div></article>
          <article data-demo="message" data-author-role="agent"><div data-demo="message-body">Reply</div></article>
          <article data-demo="message" data-author-role="customer"><div data-demo="message-body">Any news?</div></article>
        </div>
      </div>`;
    const values = pageValues(DEMO_ADAPTER, document, 'http://127.0.0.1/agent/tickets/1042', {
      client: { id: 'northwind', name: 'Northwind Outfitters', origin: 'clientPack' },
      settings: { 'agent.name': '' } as never,
    });
    expect(values).toMatchObject({
      'customer.first_name': 'Maya',
      'customer.last_name': 'Thompson',
      'customer.email': 'maya@example.com',
      'ticket.id': '1042',
      'ticket.subject': 'Where is my order?',
      'agent.name': 'Priya Nair',
      'client.name': 'Northwind Outfitters',
    });
    expect(latestCustomerMessage(DEMO_ADAPTER, document)).toBe('Any news?');
    // The agent's own setting wins over what the page shows.
    const named = pageValues(DEMO_ADAPTER, document, 'http://127.0.0.1/agent/tickets/1042', {
      client: null,
      settings: { 'agent.name': 'Sam Rivera' } as never,
    });
    expect(named['agent.first_name']).toBe('Sam');
  });
});
