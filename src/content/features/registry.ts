/**
 * Starts features and owns their lifetime. Each feature runs in its own try/catch with its own error report, so
 * a feature that throws (at start or later in a listener added through `context.listen`) never breaks the page
 * or the other features; its failure is shown in the status bar for the agent and logged for the maintainers.
 * Listeners added through `context.listen` hear only the agent's events, never those the page's scripts make.
 */
import { isAgentEvent } from '../runtime/agent-events.ts';
import type { Feature, FeatureContext } from './feature.ts';

export type FeatureEnvironment = Omit<FeatureContext, 'signal' | 'listen'>;

export interface FeatureFailure {
  feature: string;
  message: string;
}

export class FeatureRegistry {
  constructor(
    private readonly features: readonly Feature[],
    private readonly onFailure: (failure: FeatureFailure, error: unknown) => void,
  ) {
    const ids = new Set<string>();
    for (const feature of features) {
      if (ids.has(feature.id)) throw new Error(`feature "${feature.id}" is registered twice`);
      ids.add(feature.id);
    }
  }

  /** Starts every applicable feature for one page; they all stop when `signal` aborts. Returns the ids started. */
  async startAll(environment: FeatureEnvironment, signal: AbortSignal): Promise<string[]> {
    const started: string[] = [];
    await Promise.all(
      this.features.map(async (feature) => {
        const fail = (error: unknown) =>
          this.onFailure(
            { feature: feature.id, message: error instanceof Error ? error.message : String(error) },
            error,
          );
        try {
          const applies = feature.appliesTo
            ? feature.appliesTo(environment)
            : environment.tab.value.client !== null;
          if (!applies || signal.aborted) return;
          const context: FeatureContext = {
            ...environment,
            signal,
            listen: (target, type, handler, options = {}) => {
              const { pageEvents, signal: sooner, ...listenerOptions } = options;
              target.addEventListener(
                type,
                (event) => {
                  // The agent's events only, unless this listener said why it must hear the page's too.
                  if (pageEvents === undefined && !isAgentEvent(event)) return;
                  try {
                    handler(event as never);
                  } catch (error) {
                    fail(error);
                  }
                },
                { ...listenerOptions, signal: sooner ? AbortSignal.any([signal, sooner]) : signal },
              );
            },
          };
          started.push(feature.id);
          await feature.start(context);
        } catch (error) {
          if (!signal.aborted) fail(error);
        }
      }),
    );
    return started;
  }
}
