/**
 * The messages the worker pushes to content scripts, and the channel every Deskmate message carries. Apart from
 * protocol.ts (the requests' schemas, which only the worker's router checks), so the content script does not
 * load every request schema on every helpdesk page.
 */
import * as v from 'valibot';

export const CHANNEL = 'deskmate';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

export const pushes = {
  'command.run': v.object({ command: id }),
  /** The side panel's Suggestions view asks the tab for its current suggestions, or to insert one. */
  'answers.state': v.object({}),
  'answers.insert': v.object({ articleId: id }),
} as const;
export type PushType = keyof typeof pushes;

export const pushEnvelope = v.object({
  channel: v.literal(CHANNEL),
  push: v.string(),
  payload: v.optional(v.unknown()),
});
