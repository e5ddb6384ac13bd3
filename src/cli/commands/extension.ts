/**
 * `deskmate extension-id [--manifest FILE]`: the Chrome extension id that the manifest's `key` fixes, which
 * enterprise policies name (ExtensionInstallForcelist, ExtensionSettings, 3rdparty.extensions.<id>).
 * `deskmate extension-policy [--settings FILE]`: a Chromium policy file that force-installs nothing but feeds
 * Deskmate's managed settings, ready for /etc/chromium/policies/managed/ (or the Windows/macOS equivalents).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveSettings } from '../../core/settings/layers.ts';
import { parseManaged } from '../../core/settings/managed.ts';
import { type CliCommand, CliError, type CliIO, printJson, readJsonFile } from '../cli-kit.ts';

/**
 * This checkout's manifest.json: the first one found going up from this file, which runs from the sources
 * (src/cli/commands) or from the built tool (dist/cli and its chunks).
 */
function defaultManifest(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'manifest.json');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new CliError('no manifest.json found above the tool; name one with --manifest');
    dir = parent;
  }
}

/** Chrome's id: the first 128 bits of SHA-256 of the public key (DER), as hex written with the letters a–p. */
export function extensionIdFromKey(base64Key: string): string {
  const der = Buffer.from(base64Key, 'base64');
  if (der.length < 64) throw new CliError('the manifest key is not a base64 DER public key');
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

async function readManifestId(io: CliIO, path: string): Promise<string> {
  const manifest = (await readJsonFile(io, path, 'a manifest')) as { key?: unknown };
  if (typeof manifest.key !== 'string') throw new CliError(`${path}: no "key" field, so the id is not fixed`);
  return extensionIdFromKey(manifest.key);
}

export const extensionIdCommand: CliCommand = {
  async run(args, io) {
    const { values } = parseArgs({ args, options: { manifest: { type: 'string' } } });
    const path = values.manifest ?? defaultManifest();
    printJson(io, { id: await readManifestId(io, path), firefoxId: 'deskmate@deskmate.dev' });
    return 0;
  },
};

export const extensionPolicyCommand: CliCommand = {
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { settings: { type: 'string' }, manifest: { type: 'string' } },
    });
    const id = await readManifestId(io, values.manifest ?? defaultManifest());
    const managed = values.settings
      ? await readJsonFile(io, values.settings, 'a settings file')
      : { settings: {}, locked: [] };
    const parsed = parseManaged(managed);
    const problems = [...parsed.errors, ...resolveSettings({ managed: parsed.layer }).warnings];
    if (problems.length) throw new CliError(`${values.settings}: ${problems.join('; ')}`);
    printJson(io, { '3rdparty': { extensions: { [id]: managed } } });
    return 0;
  },
};
