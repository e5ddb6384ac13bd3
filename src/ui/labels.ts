import { LAYER_LABELS, type SettingOrigin } from '../core/settings/layers.ts';

/** "Set by your QA lead", "Locked by your IT administrator (managed policy)"… */
export function describeOrigin(origin: SettingOrigin): string {
  if (origin.lockedBy) return `Locked by ${LAYER_LABELS[origin.lockedBy]}`;
  return origin.source === 'default' ? 'Default' : `Set by ${LAYER_LABELS[origin.source]}`;
}
