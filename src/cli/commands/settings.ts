/**
 * `deskmate settings validate FILE`: checks a client pack or a managed-settings file before IT publishes it.
 * `deskmate settings resolve [--managed F] [--pack F] [--qa F] [--agent F]`: the effective settings and who set
 * each one, exactly as the extension resolves them.
 */
import { parseArgs } from 'node:util';
import { CLIENT_PACK_FORMAT, parseClientPack } from '../../core/settings/client-pack.ts';
import { type LayerStack, resolveSettings, type SettingsLayer } from '../../core/settings/layers.ts';
import { parseManaged } from '../../core/settings/managed.ts';
import {
  type CliCommand,
  CliError,
  type CliIO,
  printJson,
  readJsonFile,
  refuseFile,
  takeJsonFlag,
} from '../cli-kit.ts';
import { usageOf } from './catalog.ts';

async function readJson(io: CliIO, path: string): Promise<unknown> {
  return readJsonFile(io, path, 'a settings file');
}

async function validate(path: string, io: CliIO, json: boolean): Promise<number> {
  const input = await readJson(io, path);
  const isPack =
    typeof input === 'object' &&
    input !== null &&
    (input as { format?: unknown }).format === CLIENT_PACK_FORMAT;
  const errors: Array<{ path: string; message: string }> = [];
  if (isPack) {
    const pack = parseClientPack(input);
    if (!pack.ok) errors.push(...pack.errors);
    else {
      const warnings = resolveSettings({
        clientPack: { values: pack.value.settings, locked: pack.value.locked },
      }).warnings;
      errors.push(...warnings.map((message) => ({ path: '/settings', message })));
    }
  } else {
    const managed = parseManaged(input);
    errors.push(
      ...managed.errors.map((error) => ({
        path: error.split(':')[0] ?? '/',
        message: error.slice(error.indexOf(':') + 2),
      })),
    );
    errors.push(
      ...resolveSettings({ managed: managed.layer }).warnings.map((message) => ({
        path: '/settings',
        message,
      })),
    );
  }
  const kind = isPack ? 'client pack' : 'managed settings';
  if (errors.length) refuseFile(io, path, errors, { json, extra: { kind } });
  printJson(io, { ok: true, kind });
  return 0;
}

async function resolve(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      managed: { type: 'string' },
      pack: { type: 'string' },
      qa: { type: 'string' },
      agent: { type: 'string' },
    },
  });
  const stack: LayerStack = {};
  if (values.managed) stack.managed = parseManaged(await readJson(io, values.managed)).layer;
  if (values.pack) {
    const pack = parseClientPack(await readJson(io, values.pack));
    if (!pack.ok)
      throw new CliError(`${values.pack}: ${pack.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    stack.clientPack = { values: pack.value.settings, locked: pack.value.locked };
  }
  if (values.qa) stack.qaLead = (await readJson(io, values.qa)) as SettingsLayer;
  if (values.agent) stack.agent = (await readJson(io, values.agent)) as SettingsLayer;
  const resolved = resolveSettings(stack);
  printJson(io, { values: resolved.values, origins: resolved.origins, warnings: resolved.warnings });
  return 0;
}

const usage = usageOf('settings');

export const settingsCommand: CliCommand = {
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'validate') {
      const { json, rest: files } = takeJsonFlag(rest);
      const [file] = files;
      if (!file || files.length > 1) throw new CliError(`expected one FILE\nusage: ${usage}`);
      return validate(file, io, json);
    }
    if (sub === 'resolve') return resolve(rest, io);
    throw new CliError(`${sub ? 'unknown' : 'missing'} sub-command (validate or resolve)\nusage: ${usage}`);
  },
};
