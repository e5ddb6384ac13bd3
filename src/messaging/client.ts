/**
 * Sending typed requests to the worker from content scripts and extension pages.
 */
import { browser } from '../platform/browser.ts';
import type { Reply, RequestInput, RequestType, Responses } from './protocol.ts';
import { CHANNEL, type PushPayloads, type PushReplies, type PushType } from './pushes.ts';

export class RequestError extends Error {
  constructor(
    readonly type: RequestType,
    message: string,
  ) {
    super(`${type}: ${message}`);
    this.name = 'RequestError';
  }
}

export async function request<K extends RequestType>(
  type: K,
  payload: RequestInput<K>,
): Promise<Responses[K]> {
  const reply = (await browser.runtime.sendMessage({ channel: CHANNEL, type, payload })) as
    | Reply<Responses[K]>
    | undefined;
  if (!reply) throw new RequestError(type, 'no answer from the Deskmate worker');
  if (!reply.ok) throw new RequestError(type, reply.error);
  return reply.value;
}

/** A push to a tab's content script, with its typed answer (undefined when no Deskmate runs there). */
export async function push<K extends PushType>(
  tabId: number,
  type: K,
  payload: PushPayloads[K],
): Promise<PushReplies[K] | undefined> {
  try {
    return (await browser.tabs.sendMessage(tabId, { channel: CHANNEL, push: type, payload })) as
      | PushReplies[K]
      | undefined;
  } catch {
    return undefined; // No ticket open there (or no Deskmate on the page).
  }
}
