/**
 * The messages the worker pushes to content scripts, and the channel every Deskmate message carries. Apart from
 * protocol.ts (the requests' schemas, which only the worker's router checks), and checked by hand rather than with
 * valibot: these few shapes are all the content script reads, and it runs on every helpdesk page load, where
 * building schemas costs more than the checks themselves.
 */
import type { AnswersState } from './views.ts';

export const CHANNEL = 'deskmate';

export interface PushPayloads {
  'command.run': { command: string };
  /** The side panel's Suggestions view asks the tab for its current suggestions, or to insert one. */
  'answers.state': Record<string, never>;
  'answers.insert': { articleId: string };
}
export type PushType = keyof PushPayloads;

/** What the tab answers to each push (undefined: no Deskmate there, or nothing to say). */
export interface PushReplies {
  'command.run': undefined;
  'answers.state': AnswersState;
  'answers.insert': { inserted: boolean };
}

export interface PushEnvelope {
  channel: typeof CHANNEL;
  push: string;
  payload?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= 200;

/** The message as a push on Deskmate's channel, or undefined when it is not one. */
export function pushEnvelope(message: unknown): PushEnvelope | undefined {
  if (!isRecord(message) || message.channel !== CHANNEL || typeof message.push !== 'string') return undefined;
  return { channel: CHANNEL, push: message.push, payload: message.payload };
}

/** Per push, its payload when it has the push's shape, else undefined. */
export const pushes: { readonly [K in PushType]: (payload: unknown) => PushPayloads[K] | undefined } = {
  'command.run': (payload) =>
    isRecord(payload) && isId(payload.command) ? { command: payload.command } : undefined,
  'answers.state': (payload) => (isRecord(payload) ? {} : undefined),
  'answers.insert': (payload) =>
    isRecord(payload) && isId(payload.articleId) ? { articleId: payload.articleId } : undefined,
};
