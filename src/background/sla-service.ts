/**
 * The worker's side of the clocks. It keeps what the pages showed of each ticket (IndexedDB, so clocks survive
 * the worker being stopped and the browser restarting), computes every clock with the client's policy,
 * notifies at each warning threshold and breach, counts the tickets at risk on the toolbar badge, and keeps one
 * alarm set for the next moment anything changes. Handle time is accounted here too: one tracker for all tabs,
 * so the same ticket open in two tabs counts once.
 */
import { DateTime } from 'luxon';
import {
  type ActivitySignal,
  compileSlaPolicy,
  createHandleTimeTracker,
  formatDuration,
  type HandleTimeSnapshot,
  handleTimeReport,
  latestClocks,
  metricLabel,
  nearestTarget,
  nextAlarmAt,
  type SlaClock,
  type SlaEngine,
  type SlaPolicy,
  type SlaReportEntry,
  slaMetReport,
  type TicketClocks,
  toCsv,
} from '../core/sla/index.ts';
import { historyOf, type ObservedFacts, observe } from '../core/sla/observations.ts';
import type { ClockView, Responses, Severity, TicketSlaStatus, TimerRow } from '../messaging/protocol.ts';
import type { DeskmateDatabase, SlaTicketRow } from './db/database.ts';
import type { SettingsService } from './settings-service.ts';
import type { MaskedSubject } from './subjects.ts';

export interface SlaEffects {
  notify(id: string, title: string, message: string): Promise<void>;
  setBadge(count: number): Promise<void>;
  setAlarm(when: number | undefined): Promise<void>;
}

type Key = { clientId: string; site: string; ticketId: string };
const handleKey = (key: Key) => `${key.clientId}/${key.site}/${key.ticketId}`;

export class SlaService {
  private engines = new Map<string, { json: string; engine: SlaEngine | Error }>();
  /** Signals are applied one at a time, in order, to the stored tracker. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DeskmateDatabase,
    private readonly settings: SettingsService,
    private readonly effects: SlaEffects,
    private readonly now: () => number = Date.now,
  ) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private async policyFor(
    clientId: string,
  ): Promise<{ policy: SlaPolicy; engine: SlaEngine | Error } | null> {
    const policy = (await this.settings.resolve(clientId)).values['sla.policy'];
    if (!policy) return null;
    const json = JSON.stringify(policy);
    let cached = this.engines.get(clientId);
    if (cached?.json !== json) {
      let engine: SlaEngine | Error;
      try {
        engine = compileSlaPolicy(policy);
      } catch (error) {
        engine = error as Error;
      }
      cached = { json, engine };
      this.engines.set(clientId, cached);
    }
    return { policy, engine: cached.engine };
  }

  private async handleTimeTracker() {
    const stored = (await this.db.meta.get('handleTime'))?.value as HandleTimeSnapshot | undefined;
    return createHandleTimeTracker(stored);
  }

  /** Records what the page shows and returns the ticket's clocks. The subject comes masked (../subjects.ts). */
  async recordFacts(
    key: Key,
    facts: ObservedFacts,
    subject: MaskedSubject | undefined,
  ): Promise<TicketSlaStatus> {
    const now = this.now();
    const row = await this.db.transaction('rw', this.db.slaTickets, async () => {
      const existing = await this.db.slaTickets.get([key.clientId, key.site, key.ticketId]);
      const observed = observe(existing?.observed, facts, now);
      const next: SlaTicketRow = {
        ...key,
        ...((subject ?? existing?.subject) !== undefined ? { subject: subject ?? existing?.subject } : {}),
        observed,
        open: 1,
        updatedAt: now,
        notified: existing?.notified ?? [],
      };
      await this.db.slaTickets.put(next);
      return next;
    });
    const status = await this.statusOfRow(row, now);
    if (row.open !== (status.open ? 1 : 0))
      await this.db.slaTickets.update([key.clientId, key.site, key.ticketId], { open: status.open ? 1 : 0 });
    void this.refresh();
    return status.view;
  }

  async status(key: Key): Promise<TicketSlaStatus> {
    const row = await this.db.slaTickets.get([key.clientId, key.site, key.ticketId]);
    if (!row) return this.emptyStatus(key.clientId, await this.handleView(key, null));
    return (await this.statusOfRow(row, this.now())).view;
  }

  private async clientName(clientId: string): Promise<string> {
    return (await this.settings.clients()).find((client) => client.id === clientId)?.name ?? clientId;
  }

  private async handleView(key: Key, policy: SlaPolicy | null): Promise<TicketSlaStatus['handle']> {
    const tracker = await this.handleTimeTracker();
    const id = handleKey(key);
    const activeMs = tracker.activeMs(id, this.now());
    const targetMinutes = policy?.handleTime?.targetMinutes ?? null;
    return {
      activeMs,
      active: tracker.isActive(id),
      paused: tracker.snapshot().paused.includes(id),
      targetMinutes,
      overTarget: targetMinutes !== null && activeMs > targetMinutes * 60_000,
    };
  }

  private async emptyStatus(
    clientId: string,
    handle: TicketSlaStatus['handle'],
    problem?: string,
  ): Promise<TicketSlaStatus> {
    return {
      hasPolicy: false,
      clientName: await this.clientName(clientId),
      timeZone: null,
      priority: null,
      priorityDefaulted: false,
      estimated: false,
      nearest: null,
      clocks: [],
      handle,
      ...(problem ? { problem } : {}),
    };
  }

  private async statusOfRow(
    row: SlaTicketRow,
    now: number,
  ): Promise<{ view: TicketSlaStatus; clocks: TicketClocks | null; open: boolean }> {
    const policy = await this.policyFor(row.clientId);
    const handle = await this.handleView(row, policy?.policy ?? null);
    if (!policy) return { view: await this.emptyStatus(row.clientId, handle), clocks: null, open: true };
    if (policy.engine instanceof Error) {
      return {
        view: await this.emptyStatus(
          row.clientId,
          handle,
          `SLA policy cannot be used: ${policy.engine.message}`,
        ),
        clocks: null,
        open: true,
      };
    }
    const clocks = policy.engine.clocks(historyOf(row.ticketId, row.observed), now);
    const zone = policy.policy.calendar.timeZone;
    const views = latestClocks(clocks.clocks).map((clock) => viewOf(clock, zone, now));
    const nearest = nearestTarget([clocks]);
    const nearestView = nearest
      ? viewOf(nearest.clock, zone, now)
      : (views.find((v) => v.state === 'breached') ?? views.at(-1) ?? null);
    const status = row.observed.lastStatus;
    const open = !(status && policy.policy.solvedStatuses.includes(status));
    return {
      clocks,
      open,
      view: {
        hasPolicy: true,
        clientName: await this.clientName(row.clientId),
        timeZone: zone,
        priority: clocks.priority,
        priorityDefaulted: clocks.priorityDefaulted,
        estimated: row.observed.createdEstimated,
        nearest: nearestView,
        clocks: views,
        handle,
      },
    };
  }

  /** Every open ticket's clocks, soonest due first (breached first of all). */
  async timers(): Promise<TimerRow[]> {
    const now = this.now();
    const rows = await this.db.slaTickets.where('open').equals(1).toArray();
    const result: TimerRow[] = [];
    for (const row of rows) {
      const { view, open } = await this.statusOfRow(row, now);
      if (!open || !view.hasPolicy) continue;
      result.push({
        ...view,
        clientId: row.clientId,
        site: row.site,
        ticketId: row.ticketId,
        ...(row.subject ? { subject: row.subject } : {}),
      });
    }
    const due = (row: TimerRow) =>
      row.nearest?.running ? (row.nearest.dueAt ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
    return result.sort((a, b) => due(a) - due(b));
  }

  /**
   * Recomputes every open ticket: notifies thresholds crossed since last time, updates the badge, and sets the
   * alarm for the next crossing. Called on every change and by the alarm itself.
   */
  async refresh(): Promise<void> {
    const now = this.now();
    const rows = await this.db.slaTickets.where('open').equals(1).toArray();
    const computed: TicketClocks[] = [];
    let atRisk = 0;
    for (const row of rows) {
      const { clocks, open, view } = await this.statusOfRow(row, now);
      if (!open) {
        await this.db.slaTickets.update([row.clientId, row.site, row.ticketId], { open: 0 });
        continue;
      }
      if (!clocks) continue;
      computed.push(clocks);
      const running = clocks.clocks.filter((clock) => clock.running);
      if (running.some((clock) => clock.state === 'breached' || clock.warningPercent !== null)) atRisk++;
      const fresh: string[] = [];
      for (const clock of running) {
        const mark =
          clock.state === 'breached'
            ? `${clock.metric}:${clock.cycle}:breached`
            : clock.warningPercent !== null
              ? `${clock.metric}:${clock.cycle}:${clock.warningPercent}`
              : null;
        if (!mark || row.notified.includes(mark)) continue;
        fresh.push(mark);
        const label = metricLabel(clock.metric);
        const clockView = viewOf(clock, view.timeZone ?? 'UTC', now);
        await this.effects.notify(
          `sla:${row.clientId}:${row.site}:${row.ticketId}:${mark}`,
          clock.state === 'breached'
            ? `${label} breached: #${row.ticketId}`
            : `${label}: ${clock.warningPercent}% left on #${row.ticketId}`,
          `${view.clientName}${row.subject ? ` · ${row.subject}` : ''}\n${clockView.leftText} ${clock.hours === 'business' ? 'business ' : ''}${clock.state === 'breached' ? 'over' : 'left'}${clockView.dueLocal ? ` · due ${clockView.dueLocal} client time` : ''}`,
        );
      }
      if (fresh.length)
        await this.db.slaTickets.update([row.clientId, row.site, row.ticketId], {
          notified: [...row.notified, ...fresh],
        });
    }
    await this.effects.setBadge(atRisk);
    await this.effects.setAlarm(nextAlarmAt(computed, now));
  }

  /** Applies a visibility, focus, idle or pause signal to handle time. */
  activity(signal: ActivitySignal): Promise<boolean> {
    return this.serial(async () => {
      const tracker = await this.handleTimeTracker();
      tracker.apply(signal);
      await this.db.meta.put({ key: 'handleTime', value: tracker.snapshot() });
      return 'ticket' in signal ? tracker.isActive(signal.ticket) : false;
    });
  }

  async toggleHandleTime(key: Key): Promise<boolean> {
    const id = handleKey(key);
    const paused = (await this.handleTimeTracker()).snapshot().paused.includes(id);
    await this.activity({ kind: paused ? 'resume' : 'pause', ticket: id, at: this.now() });
    return !paused;
  }

  /** Every ticket showing in a closed tab stops counting. */
  tabClosed(tabId: number): Promise<boolean> {
    return this.serial(async () => {
      const tracker = await this.handleTimeTracker();
      const source = `tab:${tabId}`;
      for (const [ticket, sources] of Object.entries(tracker.snapshot().sources)) {
        if (sources[source]) tracker.apply({ kind: 'close', ticket, source, at: this.now() });
      }
      await this.db.meta.put({ key: 'handleTime', value: tracker.snapshot() });
      return true;
    });
  }

  async report(): Promise<Responses['sla.report']> {
    const now = this.now();
    const rows = await this.db.slaTickets.toArray();
    const tracker = await this.handleTimeTracker();
    const entries: SlaReportEntry[] = [];
    const handle: Array<{ client: string; ticket: string; activeMs: number; targetMinutes?: number }> = [];
    for (const row of rows) {
      const policy = await this.policyFor(row.clientId);
      if (!policy || policy.engine instanceof Error) continue;
      const client = await this.clientName(row.clientId);
      for (const clock of policy.engine.clocks(historyOf(row.ticketId, row.observed), now).clocks) {
        entries.push({ client, timeZone: policy.policy.calendar.timeZone, clock });
      }
      const activeMs = tracker.activeMs(handleKey(row), now);
      if (activeMs > 0) {
        handle.push({
          client,
          ticket: row.ticketId,
          activeMs,
          ...(policy.policy.handleTime ? { targetMinutes: policy.policy.handleTime.targetMinutes } : {}),
        });
      }
    }
    const met = slaMetReport(entries);
    const handleTime = handleTimeReport(handle);
    return {
      met,
      handleTime,
      metCsv: toCsv(met, ['client', 'metric', 'day', 'met', 'breached', 'total', 'metPercent']),
      handleTimeCsv: toCsv(handleTime, [
        'client',
        'tickets',
        'meanMinutes',
        'medianMinutes',
        'targetMinutes',
        'withinTarget',
        'withinTargetPercent',
      ]),
    };
  }
}

function severityOf(clock: SlaClock): Severity {
  if (clock.state === 'breached') return 'error';
  if (clock.state === 'met') return 'ok';
  if (clock.state === 'paused') return 'info';
  return clock.warningPercent !== null ? 'warning' : 'ok';
}

export function viewOf(clock: SlaClock, zone: string, now: number): ClockView {
  let dueLocal: string | null = null;
  if (clock.dueAt !== null) {
    const due = DateTime.fromMillis(clock.dueAt, { zone });
    const today = DateTime.fromMillis(now, { zone });
    dueLocal = due.hasSame(today, 'day') ? due.toFormat('HH:mm') : due.toFormat('ccc d LLL HH:mm');
  }
  return {
    metric: clock.metric,
    label: metricLabel(clock.metric),
    state: clock.state,
    running: clock.running,
    hours: clock.hours,
    leftText: formatDuration(clock.state === 'breached' ? clock.breachedByMs : clock.leftMs),
    leftMs: clock.leftMs,
    dueAt: clock.dueAt,
    dueLocal,
    severity: severityOf(clock),
    estimated: clock.estimated,
  };
}
