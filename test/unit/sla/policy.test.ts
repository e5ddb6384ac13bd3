import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { slaPolicyJsonSchema } from '../../../src/cli/commands/sla.ts';
import {
  exportSlaPolicy,
  importSlaPolicy,
  parseEventsJsonl,
  validateSlaPolicy,
} from '../../../src/core/sla/index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/sla/${name}`, import.meta.url), 'utf8');
const acme = () => JSON.parse(fixture('acme-policy.json'));

function errorsOf(json: unknown) {
  const result = validateSlaPolicy(json);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
}

describe('validateSlaPolicy', () => {
  it('accepts the example policy and fills in the defaults', () => {
    const result = validateSlaPolicy(acme());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.targets[1]).toMatchObject({
      metric: 'first_reply',
      priority: 'high',
      hours: 'business',
    });
    expect(result.policy.calendar.holidays?.types).toEqual(['public']);
    expect(result.policy.calendar.weeklyHours.sat).toEqual([]);
  });

  it('normalises priorities, channels and statuses to lower case so the page and the policy agree', () => {
    const policy = acme();
    policy.targets[1].priority = 'High';
    policy.pauseWhen.resolution = ['Pending'];
    const result = validateSlaPolicy(policy);
    expect(result.ok && [result.policy.targets[1]?.priority, result.policy.pauseWhen.resolution]).toEqual([
      'high',
      ['pending'],
    ]);
  });

  it('reports every structural error with its JSON Pointer path', () => {
    const policy = acme();
    delete policy.targets[0].priority;
    policy.targets[1].minutes = 0;
    policy.targets[2].metric = 'first_response';
    policy.calendar.weeklyHours.mon[1] = '13:00-25:00';
    policy.targets[3].prio = 'x';
    policy.warnAtPercentLeft = [25, 120];
    const paths = errorsOf(policy).map((error) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/targets/0/priority',
        '/targets/1/minutes',
        '/targets/2/metric',
        '/calendar/weeklyHours/mon/1',
        '/targets/3/prio',
        '/warnAtPercentLeft/1',
      ]),
    );
    expect(errorsOf(policy).find((error) => error.path === '/targets/1/minutes')?.message).toBe(
      'minutes must be at least 1',
    );
  });

  it('refuses an unknown time zone, an empty week and unknown holiday regions, naming the field', () => {
    const policy = acme();
    policy.calendar.timeZone = 'America/Gotham';
    policy.calendar.weeklyHours = {};
    policy.calendar.holidays = { country: 'US', region: 'XX' };
    expect(errorsOf(policy)).toEqual([
      {
        path: '/calendar/timeZone',
        message: expect.stringContaining('unknown time zone (expected an IANA name'),
      },
      { path: '/calendar/weeklyHours', message: 'the calendar has no open hours on any weekday' },
      { path: '/calendar/holidays/region', message: expect.stringContaining('unknown region for US') },
    ]);
    policy.calendar.holidays = { country: 'ZZ' };
    expect(errorsOf(policy).map((error) => error.path)).toContain('/calendar/holidays/country');
    policy.calendar.holidays = { region: 'NY' };
    expect(errorsOf(policy)).toContainEqual({
      path: '/calendar/holidays/region',
      message: 'a region needs a country',
    });
  });

  it('refuses duplicate targets and a default priority without targets', () => {
    const policy = acme();
    policy.targets.push({ metric: 'first_reply', priority: 'high', minutes: 30 });
    policy.defaultPriority = 'medium';
    expect(errorsOf(policy)).toEqual([
      {
        path: '/targets/10',
        message: expect.stringContaining('/targets/1 already sets first_reply for the same priority'),
      },
      {
        path: '/defaultPriority',
        message: expect.stringContaining('no target uses the default priority'),
      },
    ]);
  });

  it('reports a document that is not an object at the root', () => {
    expect(errorsOf([1, 2])).toEqual([{ path: '', message: 'an SLA policy must be a JSON object' }]);
  });
});

describe('import and export', () => {
  it('reports broken JSON at the root instead of throwing', () => {
    const result = importSlaPolicy('{"version": 1,');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]?.path).toBe('');
    expect(!result.ok && result.errors[0]?.message).toMatch(/^not valid JSON/);
  });

  it('exports a policy that imports back to the same policy', () => {
    const first = validateSlaPolicy(acme());
    if (!first.ok) throw new Error('fixture invalid');
    const again = importSlaPolicy(exportSlaPolicy(first.policy));
    expect(again).toEqual(first);
  });
});

describe('the published JSON Schema', () => {
  it('public/schemas/sla-policy.schema.json is generated from the current valibot schema', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../public/schemas/sla-policy.schema.json', import.meta.url), 'utf8'),
    );
    // To regenerate: npm run --silent deskmate -- sla schema > public/schemas/sla-policy.schema.json
    expect(committed).toEqual(slaPolicyJsonSchema());
  });

  it('describes the fields a policy author needs', () => {
    const schema = slaPolicyJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(
      expect.arrayContaining(['version', 'client', 'calendar', 'defaultPriority', 'targets']),
    );
    expect(JSON.stringify(schema.properties.targets)).toContain(
      '"enum":["first_reply","next_reply","periodic_update","resolution"]',
    );
  });
});

describe('parseEventsJsonl', () => {
  it('groups the example events by ticket, sorted by time', () => {
    const result = parseEventsJsonl(fixture('acme-events.jsonl'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.tickets.map((ticket) => ticket.ticket)).toEqual(['1042', '1043', '1044', '1045']);
    const times = result.tickets[0]!.events.map((event) => event.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('names the line and field of every bad line and skips blank lines', () => {
    const text = [
      '{"ticket":"1","type":"created","at":"2026-03-06T09:00:00-05:00"}',
      '',
      '{"ticket":"1","type":"created",',
      '{"ticket":"1","type":"agent_reply","at":"2026-03-06 10:00"}',
      '{"ticket":"1","type":"escalated","at":"2026-03-06T10:00:00Z"}',
      '{"ticket":"1","type":"priority","at":"2026-03-06T10:00:00Z"}',
    ].join('\n');
    const result = parseEventsJsonl(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.line)).toEqual([3, 4, 5, 6]);
    expect(result.errors[0]?.message).toMatch(/^not valid JSON/);
    expect(result.errors[1]?.message).toMatch(/^at: at must be an ISO 8601 time with an offset/);
    expect(result.errors[2]?.message).toMatch(/type must be one of created, priority, status/);
    expect(result.errors[3]?.message).toMatch(/^priority: /);
  });
});
