/**
 * Every `deskmate` sub-command, registered in this one place: what it says about itself (catalog.ts) and where
 * its code is, loaded only when it runs — `deskmate --help` loads none of it (the knowledge, SLA and holiday data
 * of the commands are megabytes of code to parse).
 */
import type { CliCommand } from '../cli-kit.ts';
import { CATALOG, type CommandInfo, type CommandName } from './catalog.ts';

const LOADERS: Record<CommandName, () => Promise<CliCommand>> = {
  scan: async () => (await import('./scan.ts')).scanCommand,
  redact: async () => (await import('./redact.ts')).redactCommand,
  policy: async () => (await import('./policy.ts')).policyCommand,
  sla: async () => (await import('./sla.ts')).slaCommand,
  suggest: async () => (await import('./suggest.ts')).suggestCommand,
  kb: async () => (await import('./kb.ts')).kbCommand,
  settings: async () => (await import('./settings.ts')).settingsCommand,
  'extension-id': async () => (await import('./extension.ts')).extensionIdCommand,
  'extension-policy': async () => (await import('./extension.ts')).extensionPolicyCommand,
};

export interface RegisteredCommand extends CommandInfo {
  load(): Promise<CliCommand>;
}

export const commands: RegisteredCommand[] = CATALOG.map((info) => ({ ...info, load: LOADERS[info.name] }));
