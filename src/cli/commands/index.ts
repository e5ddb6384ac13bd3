/**
 * Every `deskmate` sub-command, registered in this one place. A command is one file exporting a CliCommand.
 */
import type { CliCommand } from '../cli-kit.ts';
import { slaCommand } from './sla.ts';

export const commands: CliCommand[] = [slaCommand];
