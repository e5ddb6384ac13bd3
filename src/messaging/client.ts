/**
 * Sending typed requests to the worker from content scripts and extension pages.
 */
import { browser } from '../platform/browser.ts';
import type { Reply, RequestInput, RequestType, Responses } from './protocol.ts';
import { CHANNEL } from './pushes.ts';

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
