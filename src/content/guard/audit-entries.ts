/**
 * What the content script sends the worker for the audit: per finding its type, score, detector, action and the
 * value's length, plus the value itself only for the worker to hash (it never stores it). Shared by the composer's
 * guard and the paste guard; free of the detection engine (types only).
 */
import type { RequestInput } from '../../messaging/protocol.ts';
import type { GuardRecord } from './send-guard.ts';

/** Values longer than this are hashed by their first part only (a pasted key file is still one finding). */
export const MAX_AUDITED_VALUE = 4096;

export function auditEntries(records: readonly GuardRecord[]): RequestInput<'guard.audit'>['entries'] {
  return records.map(({ action, finding, value }) => ({
    action,
    type: finding.type,
    score: finding.score,
    detector: finding.detector,
    length: value.length,
    value: value.slice(0, MAX_AUDITED_VALUE),
    ...(finding.belongsTo ? { belongsTo: finding.belongsTo } : {}),
  }));
}
