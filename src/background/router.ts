/**
 * The worker's single entry for messages. Before any handler runs, the router checks that the message is ours
 * (envelope), known (type), from an allowed sender (our own content script or page — never another extension or
 * a web page) and well-formed (its schema). Anything else gets `{ok: false, error}` naming what was wrong, and
 * changes nothing. Handler failures are caught and reported the same way, so a bad request never kills the worker.
 */
import * as v from 'valibot';
import { formatErrors, safeKey, toValidationErrors } from '../core/validation.ts';
import {
  type Reply,
  type RequestInput,
  type RequestType,
  type Responses,
  requestEnvelope,
  requests,
  type SenderKind,
} from '../messaging/protocol.ts';

/** The parts of runtime.MessageSender the router relies on. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string; windowId?: number };
  frameId?: number;
}

export interface RequestContext {
  kind: SenderKind;
  sender: SenderLike;
  /** The sending tab (content scripts, and our pages opened in a tab). */
  tabId: number | undefined;
  /** The page the content script runs in: the sender's top-level tab URL. */
  pageUrl: string | undefined;
}

export type Handlers = {
  [K in RequestType]: (
    input: RequestInput<K>,
    context: RequestContext,
  ) => Promise<Responses[K]> | Responses[K];
};

export interface RouterOptions {
  extensionId: string;
  /** e.g. `chrome-extension://<id>/` or `moz-extension://<uuid>/`. */
  extensionOrigin: string;
  onError?: (type: string, error: unknown) => void;
}

export function classifySender(sender: SenderLike, options: RouterOptions): SenderKind | undefined {
  if (sender.id !== options.extensionId) return undefined;
  if (sender.url?.startsWith(options.extensionOrigin)) return 'page';
  if (sender.tab) return 'content';
  return undefined;
}

export function createRouter(handlers: Handlers, options: RouterOptions) {
  return async function route(message: unknown, sender: SenderLike): Promise<Reply<unknown>> {
    const envelope = v.safeParse(requestEnvelope, message);
    if (!envelope.success) return { ok: false, error: 'not a Deskmate message' };
    const type = envelope.output.type;
    if (!Object.hasOwn(requests, type))
      return { ok: false, error: `unknown message type "${safeKey(type)}"` };
    const spec = requests[type as RequestType];

    const kind = classifySender(sender, options);
    if (!kind) return { ok: false, error: `${type}: refused: the sender is not part of Deskmate` };
    if (!(spec.from as readonly SenderKind[]).includes(kind)) {
      return {
        ok: false,
        error: `${type}: refused: not accepted from a ${kind === 'content' ? 'web page' : 'Deskmate page'}`,
      };
    }

    const payload = v.safeParse(spec.input, envelope.output.payload ?? {});
    if (!payload.success) {
      return {
        ok: false,
        error: `${type}: invalid payload: ${formatErrors(toValidationErrors(payload.issues))}`,
      };
    }

    const context: RequestContext = {
      kind,
      sender,
      tabId: sender.tab?.id,
      pageUrl: kind === 'content' ? (sender.tab?.url ?? sender.url) : undefined,
    };
    try {
      const handler = handlers[type as RequestType] as (input: unknown, context: RequestContext) => unknown;
      return { ok: true, value: await handler(payload.output, context) };
    } catch (error) {
      options.onError?.(type, error);
      return { ok: false, error: `${type}: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}
