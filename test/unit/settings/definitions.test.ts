import { describe, expect, it } from 'vitest';
import { findSetting, validateSetting } from '../../../src/core/settings/definitions.ts';

describe('the synonyms setting', () => {
  const synonyms = findSetting('knowledge.synonyms')!;

  it('takes groups of words and phrases, trimmed', () => {
    expect(
      validateSetting(synonyms, [
        ['refund', ' money back '],
        ['parcel', 'package', 'box'],
      ]),
    ).toEqual({
      ok: true,
      value: [
        ['refund', 'money back'],
        ['parcel', 'package', 'box'],
      ],
    });
  });

  it('refuses a group of one, an empty phrase and a non-list, with the path of each', () => {
    const result = validateSetting(synonyms, [['refund'], ['parcel', ''], 'box']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual(['/0', '/1/1', '/2']);
  });

  it('is the QA lead’s, per client, and edited as a document', () => {
    expect(synonyms.editableBy).toEqual(['qaLead']);
    expect(synonyms.document).toBe(true);
  });
});
