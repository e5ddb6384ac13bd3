// @vitest-environment happy-dom
/**
 * What the picker shows of a selector on the open tab: how many elements it finds and what the first one reads,
 * masked before it leaves the page — never a raw card number or e-mail address.
 */
import { describe, expect, it } from 'vitest';
import { previewSelectors } from '../../../src/content/picker/picker.ts';
import { PICKER_KEY } from '../../../src/messaging/picker.ts';
import { customSitePage } from '../../fixtures/custom-sites.ts';

describe('the picker’s preview', () => {
  it('registers the picker in the isolated world for the options page to call', () => {
    expect((globalThis as unknown as Record<symbol, unknown>)[Symbol.for(PICKER_KEY)]).toMatchObject({
      pick: expect.any(Function),
      preview: expect.any(Function),
    });
  });

  it('counts matches and reads the first, masked', () => {
    document.body.innerHTML = customSitePage('Refund to card 4111 1111 1111 1111');
    const subject = previewSelectors({ field: 'subject', selectors: ['.nothing', '#header h1 .subject'] });
    expect(subject).toMatchObject({ count: 1, variant: 1, kind: 'span.subject' });
    expect(subject.text).toContain('1111');
    expect(subject.text).not.toContain('4111 1111 1111 1111');
    const email = previewSelectors({
      field: 'requesterEmail',
      selectors: ['.requestors a[href^="mailto:"]'],
    });
    expect(email.text).not.toContain('kim@example.net');
    expect(previewSelectors({ field: 'composer', selectors: ['textarea[name="UpdateContent"]'] })).toEqual({
      count: 1,
      variant: 0,
      kind: 'textarea',
    });
    expect(previewSelectors({ field: 'priority', selectors: ['#none'] })).toEqual({
      count: 0,
      variant: null,
    });
  });

  it('reads per-message fields inside the messages', () => {
    document.body.innerHTML = customSitePage('Hello');
    const messages = ['#history .transaction'];
    expect(previewSelectors({ field: 'message', selectors: messages })).toMatchObject({ count: 2 });
    expect(previewSelectors({ field: 'messageTime', selectors: ['time'], messages })).toMatchObject({
      count: 2,
      text: '2026-03-02T09:00:00.000Z',
    });
  });
});
