import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../../src/core/settings/definitions.ts';
import { resolveSettings, whyNotWritable } from '../../../src/core/settings/layers.ts';

describe('settings layers: managed > client pack > QA lead > agent', () => {
  it('uses the defaults when no layer sets anything', () => {
    const resolved = resolveSettings({});
    expect(resolved.values).toEqual(defaultValues());
    expect(resolved.origins.enabled).toEqual({ source: 'default' });
  });

  it('lets the most personal layer win among unlocked defaults', () => {
    const resolved = resolveSettings({
      managed: { values: { 'agent.name': 'From IT' } },
      clientPack: { values: { 'agent.name': 'From the pack' } },
      agent: { values: { 'agent.name': 'Sam' } },
    });
    expect(resolved.values['agent.name']).toBe('Sam');
    expect(resolved.origins['agent.name']).toEqual({ source: 'agent' });
  });

  it('makes a locked value final for every layer below, whoever sets it there', () => {
    const resolved = resolveSettings({
      managed: { values: { 'clocks.idleThresholdSeconds': 300 }, locked: ['clocks.idleThresholdSeconds'] },
      clientPack: { values: { 'clocks.idleThresholdSeconds': 120 }, locked: ['clocks.idleThresholdSeconds'] },
      qaLead: { values: { 'clocks.idleThresholdSeconds': 60 } },
      agent: { values: { 'clocks.idleThresholdSeconds': 30 } },
    });
    expect(resolved.values['clocks.idleThresholdSeconds']).toBe(300);
    expect(resolved.origins['clocks.idleThresholdSeconds']).toEqual({
      source: 'managed',
      lockedBy: 'managed',
    });
  });

  it('a client pack lock beats the QA lead and the agent but not a managed value above it', () => {
    const packLock = resolveSettings({
      clientPack: { values: { 'clocks.idleThresholdSeconds': 120 }, locked: ['clocks.idleThresholdSeconds'] },
      agent: { values: { 'clocks.idleThresholdSeconds': 30 } },
    });
    expect(packLock.values['clocks.idleThresholdSeconds']).toBe(120);
    expect(packLock.origins['clocks.idleThresholdSeconds']?.lockedBy).toBe('clientPack');
  });

  it('locking without a value freezes the value from above (or the default)', () => {
    const resolved = resolveSettings({
      managed: { values: {}, locked: ['enabled'] },
      agent: { values: { enabled: false } },
    });
    expect(resolved.values.enabled).toBe(true);
    expect(resolved.origins.enabled).toEqual({ source: 'default', lockedBy: 'managed' });
  });

  it('drops invalid values and unknown keys with a warning naming the layer and key, and falls through', () => {
    const resolved = resolveSettings({
      managed: { values: { enabled: 'yes', 'made.up': 1 }, locked: ['also.made.up'] },
      agent: { values: { enabled: false } },
    });
    expect(resolved.values.enabled).toBe(false);
    expect(resolved.warnings).toEqual([
      expect.stringMatching(/IT administrator.*"enabled" ignored/),
      expect.stringMatching(/unknown setting "made.up"/),
      expect.stringMatching(/cannot lock unknown setting "also.made.up"/),
    ]);
  });

  it('says why a layer may not write a key', () => {
    const resolved = resolveSettings({ managed: { values: {}, locked: ['enabled'] } });
    expect(whyNotWritable(resolved, 'enabled', 'agent')).toMatch(/locked by your IT administrator/);
    expect(whyNotWritable(resolved, 'agent.name', 'agent')).toBeUndefined();
    expect(whyNotWritable(resolved, 'agent.name', 'qaLead')).toMatch(/not set by your QA lead/);
    expect(whyNotWritable(resolved, 'nope', 'agent')).toMatch(/unknown setting/);
  });
});
