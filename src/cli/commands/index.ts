/**
 * Every `deskmate` sub-command, registered in this one place. A command is one file exporting a CliCommand.
 */
import type { CliCommand } from '../cli-kit.ts';
import { extensionIdCommand, extensionPolicyCommand } from './extension.ts';
import { dataGuardCommands } from './scan.ts';
import { settingsCommand } from './settings.ts';
import { slaCommand } from './sla.ts';
import { knowledgeCommands } from './suggest.ts';

export const commands: CliCommand[] = [
  extensionIdCommand,
  extensionPolicyCommand,
  settingsCommand,
  slaCommand,
  ...dataGuardCommands,
  ...knowledgeCommands,
];
