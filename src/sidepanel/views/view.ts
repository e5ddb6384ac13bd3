import type { TabContext } from '../../messaging/protocol.ts';

/** A side-panel view: one file each, listed in views/index.ts. */
export interface SidePanelView {
  id: string;
  title: string;
  component: (props: { context: TabContext }) => preact.JSX.Element;
}
