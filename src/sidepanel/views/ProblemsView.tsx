/**
 * The data guard's findings in the active tab, by type: where each is (the reply or the customer's message, line
 * and position) and what the client's policy does with it. The content script reports them to the worker as the
 * agent types; no value ever reaches this view.
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../messaging/client.ts';
import type { Responses } from '../../messaging/protocol.ts';
import type { SidePanelView } from './view.ts';

const REFRESH_MS = 1_000;

type TabProblems = NonNullable<Responses['guard.problems.forTab']>;

const ACTIONS: Record<TabProblems['problems'][number]['action'], string> = {
  flag: 'flagged',
  warn: 'confirm before sending',
  mask: 'masked when sent',
  block: 'blocks sending',
};

function ProblemsView({ context }: { context: Parameters<SidePanelView['component']>[0]['context'] }) {
  const tabId = context.tabId ?? undefined;
  const [state, setState] = useState<TabProblems | null | undefined>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const load = () =>
      request('guard.problems.forTab', tabId === undefined ? {} : { tabId }).then(
        (value) => live && setState(value),
        (failure: unknown) => live && setError((failure as Error).message),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [tabId]);
  if (error) return <p class="notice error">{error}</p>;
  if (state === undefined) return <p class="muted">Loading…</p>;
  const notGuarding = state?.notGuarding ? (
    <p class="notice warning" role="status" data-testid="not-guarding">
      {state.notGuarding}
    </p>
  ) : null;
  if (!state || state.problems.length === 0)
    return (
      notGuarding ?? (
        <p class="empty">No problems: nothing sensitive in the reply or the customer's messages.</p>
      )
    );
  const byType = new Map<string, TabProblems['problems']>();
  for (const problem of state.problems)
    byType.set(problem.type, [...(byType.get(problem.type) ?? []), problem]);
  return (
    <div class="stack" data-testid="problems">
      {notGuarding}
      <p class="muted">
        {state.problems.length} problem{state.problems.length === 1 ? '' : 's'}
        {state.ticketId ? ` in ticket #${state.ticketId}` : ''}
      </p>
      {[...byType].map(([type, problems]) => (
        <section key={type} data-problem-type={type}>
          <h3>
            {type} <span class="muted">({problems.length})</span>
          </h3>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.source}:${problem.start}`} data-source={problem.source}>
                {problem.source === 'composer' ? 'Your reply' : "Customer's message (read-only)"}, line{' '}
                {problem.line}, characters {problem.start + 1}–{problem.end} · {ACTIONS[problem.action]}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export const problemsView: SidePanelView = { id: 'problems', title: 'Problems', component: ProblemsView };
