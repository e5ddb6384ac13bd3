/** Every message handler, registered in this one place. */
import type { Handlers } from '../router.ts';
import type { Services } from '../services.ts';
import { contextHandlers } from './context.ts';
import { customerHandlers } from './customers.ts';
import { guardHandlers } from './guard.ts';
import { knowledgeHandlers } from './knowledge.ts';
import { navigationHandlers } from './navigation.ts';
import { settingsHandlers } from './settings.ts';
import { slaHandlers } from './sla.ts';
import { ticketHandlers } from './tickets.ts';

export function createHandlers(services: Services): Handlers {
  return {
    ...contextHandlers(services),
    ...ticketHandlers(services),
    ...settingsHandlers(services),
    ...navigationHandlers(services),
    ...slaHandlers(services),
    ...guardHandlers(services),
    ...customerHandlers(services),
    ...knowledgeHandlers(services),
  };
}
