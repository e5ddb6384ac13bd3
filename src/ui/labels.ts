import { LAYER_LABELS, type SettingOrigin } from '../core/settings/layers.ts';

/** "Set by your QA lead", "Locked by your IT administrator (managed policy)"… */
export function describeOrigin(origin: SettingOrigin): string {
  const who = origin.lockedBy
    ? `Locked by ${LAYER_LABELS[origin.lockedBy]}`
    : origin.source === 'default'
      ? 'Default'
      : `Set by ${LAYER_LABELS[origin.source]}`;
  // Said on the setting itself, not only in the list of problems above: what the agent sees is not the new value.
  return origin.lastValid ? `${who} (last valid value: the current one is invalid)` : who;
}
