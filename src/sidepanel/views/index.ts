/** Every side-panel view, registered in this one place, in tab order. */
import { problemsView } from './ProblemsView.tsx';
import { suggestionsView } from './SuggestionsView.tsx';
import { ticketsView } from './TicketsView.tsx';
import { timersView } from './TimersView.tsx';
import type { SidePanelView } from './view.ts';

export const views: readonly SidePanelView[] = [suggestionsView, problemsView, timersView, ticketsView];
