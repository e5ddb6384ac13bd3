/** Every side-panel view, registered in this one place, in tab order. */
import { ticketsView } from './TicketsView.tsx';
import type { SidePanelView } from './view.ts';

export const views: readonly SidePanelView[] = [ticketsView];
