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

  describe("an invalid value in a layer keeps that layer's last valid value in force", () => {
    const strict = { version: 1, types: { CREDIT_CARD: { action: 'block', override: 'never' } } };
    const weak = { version: 1, types: { CREDIT_CARD: { action: 'flag' } } };
    const broken = { version: 1, types: { CREDIT_CARD: { action: 'shout' } } };

    it('a locked managed guard.policy turned invalid: the previous one stays locked, not the default', () => {
      const before = resolveSettings({
        managed: { values: { 'guard.policy': strict }, locked: ['guard.policy'] },
      });
      expect(before.values['guard.policy']).toEqual(strict);

      const after = resolveSettings(
        {
          managed: { values: { 'guard.policy': broken }, locked: ['guard.policy'] },
          qaLead: { values: { 'guard.policy': weak } },
        },
        before.lastValid,
      );
      expect(after.values['guard.policy']).toEqual(strict);
      expect(after.origins['guard.policy']).toEqual({
        source: 'managed',
        lockedBy: 'managed',
        lastValid: true,
      });
      // The error is reported with its path, and says what is in force instead.
      expect(after.warnings).toEqual([
        expect.stringMatching(
          /IT administrator.*"guard.policy" is invalid.*\/types\/CREDIT_CARD\/action.*last valid value stays in force/s,
        ),
      ]);
    });

    it("an unlocked value keeps its layer's last valid value rather than the weaker default", () => {
      const before = resolveSettings({
        clientPack: { values: { 'guard.policy': strict, 'clocks.idleThresholdSeconds': 120 } },
      });
      const after = resolveSettings(
        { clientPack: { values: { 'guard.policy': broken, 'clocks.idleThresholdSeconds': 5 } } },
        before.lastValid,
      );
      expect(after.values['guard.policy']).toEqual(strict);
      expect(after.values['clocks.idleThresholdSeconds']).toBe(120);
      expect(after.origins['clocks.idleThresholdSeconds']).toEqual({ source: 'clientPack', lastValid: true });
      // A more personal layer's own valid value still wins over a held default, as it would over a valid one.
      const agent = resolveSettings(
        {
          clientPack: { values: { 'clocks.idleThresholdSeconds': 5 } },
          agent: { values: { 'clocks.idleThresholdSeconds': 30 } },
        },
        before.lastValid,
      );
      expect(agent.values['clocks.idleThresholdSeconds']).toBe(30);
    });

    it('remembers the newest valid value, and forgets a key its layer no longer sets', () => {
      let memory = resolveSettings({ managed: { values: { 'guard.policy': weak } } }).lastValid;
      memory = resolveSettings({ managed: { values: { 'guard.policy': strict } } }, memory).lastValid;
      memory = resolveSettings({ managed: { values: { 'guard.policy': broken } } }, memory).lastValid;
      expect(
        resolveSettings({ managed: { values: { 'guard.policy': broken } } }, memory).values['guard.policy'],
      ).toEqual(strict);

      // IT removed the setting on purpose: nothing is held any more, and a later bad value falls through.
      memory = resolveSettings({ managed: { values: {} } }, memory).lastValid;
      const later = resolveSettings({ managed: { values: { 'guard.policy': broken } } }, memory);
      expect(later.values['guard.policy']).toBeNull();
      expect(later.warnings).toEqual([expect.stringMatching(/"guard.policy" ignored/)]);
    });

    it("never holds a remembered value that today's schema refuses", () => {
      const memory = { managed: { 'clocks.idleThresholdSeconds': 5 } };
      const resolved = resolveSettings({ managed: { values: { 'clocks.idleThresholdSeconds': 1 } } }, memory);
      expect(resolved.values['clocks.idleThresholdSeconds']).toBe(60);
      expect(resolved.lastValid.managed).toEqual({});
    });
  });

  it('says why a layer may not write a key', () => {
    const resolved = resolveSettings({ managed: { values: {}, locked: ['enabled'] } });
    expect(whyNotWritable(resolved, 'enabled', 'agent')).toMatch(/locked by your IT administrator/);
    expect(whyNotWritable(resolved, 'agent.name', 'agent')).toBeUndefined();
    expect(whyNotWritable(resolved, 'agent.name', 'qaLead')).toMatch(/not set by your QA lead/);
    expect(whyNotWritable(resolved, 'nope', 'agent')).toMatch(/unknown setting/);
  });
});
