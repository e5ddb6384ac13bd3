import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricLabel, SLA_METRIC_TABLE, validateSlaPolicy } from '../../../src/core/sla/index.ts';

const acme = () =>
  JSON.parse(readFileSync(new URL('../../fixtures/sla/acme-policy.json', import.meta.url), 'utf8'));

describe('the SLA metric table (adding a metric is one place)', () => {
  it('names every metric the policy schema accepts, each with the label agents see', () => {
    for (const { id, label } of SLA_METRIC_TABLE) {
      const policy = acme();
      policy.targets = [{ metric: id, priority: 'normal', minutes: 60 }];
      expect(validateSlaPolicy(policy).ok, id).toBe(true);
      expect(metricLabel(id)).toBe(label);
    }
    const unknown = acme();
    unknown.targets = [{ metric: 'first_response', priority: 'normal', minutes: 60 }];
    expect(validateSlaPolicy(unknown).ok).toBe(false);
  });

  it("shows a metric this build does not know (a newer pack's) by its id", () => {
    expect(metricLabel('customer_satisfaction')).toBe('customer_satisfaction');
  });
});
