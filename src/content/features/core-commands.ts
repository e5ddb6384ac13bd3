/**
 * Commands that open Deskmate's own surfaces or change how the workbench looks.
 */
import type { Feature } from './feature.ts';

export const coreCommands: Feature = {
  id: 'core-commands',
  appliesTo: () => true,
  start({ workbench, request, signal, tab }) {
    const register = (id: string, title: string, run: () => unknown) =>
      workbench.commands.register({ id, title, category: 'Deskmate', run }, signal);

    register('workbench.action.openSidePanel', 'Open side panel', () => request('sidePanel.open', {}));
    register('workbench.action.openSettings', 'Open settings', () => request('options.open', {}));
    register('workbench.action.toggleStatusBar', 'Toggle status bar', () =>
      request('settings.write', {
        layer: 'agent',
        key: 'workbench.statusBar.visible',
        value: !tab.value.settings['workbench.statusBar.visible'],
      }),
    );
  },
};
