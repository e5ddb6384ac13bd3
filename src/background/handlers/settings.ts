import type { Handlers } from '../router.ts';
import type { Services } from '../services.ts';

export function settingsHandlers(
  services: Services,
): Pick<
  Handlers,
  | 'settings.write'
  | 'settings.describe'
  | 'clients.list'
  | 'clients.save'
  | 'clients.remove'
  | 'clientPack.import'
> {
  const { settings } = services;
  return {
    'settings.write': async ({ layer, clientId, key, value }, context) => {
      // Only our own pages may speak for the QA lead; a content script writes the agent's preferences at most.
      if (layer === 'qaLead' && context.kind !== 'page')
        throw new Error('QA lead settings are changed in the options page');
      await settings.write(layer, key, value, clientId);
      return { written: true };
    },
    'settings.describe': ({ clientId }) => settings.describe(clientId ?? null),
    'clients.list': async () =>
      (await settings.clients()).map(({ id, name, color, origin }) => ({
        id,
        name,
        origin,
        ...(color ? { color } : {}),
      })),
    'clients.save': ({ client }) => settings.saveLocalClient(client),
    'clients.remove': async ({ clientId }) => ({ removed: await settings.removeClient(clientId) }),
    'clientPack.import': ({ pack }) => settings.importClientPack(pack),
  };
}
