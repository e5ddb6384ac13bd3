/** Every side-panel view, registered in this one place, in tab order. */
import { ticketsView } from './TicketsView.tsx';
import { timersView } from './TimersView.tsx';
import type { SidePanelView } from './view.ts';

export const views: readonly SidePanelView[] = [timersView, ticketsView];
