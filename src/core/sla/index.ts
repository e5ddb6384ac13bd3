/**
 * SLA clocks and handle time: the public API the worker, the status bar, the Timers view, the reports page
 * and the CLI build on. Everything here is pure; time is always passed in.
 */
export {
  type BusinessCalendar,
  calendarHours,
  createCalendar,
  HORIZON_YEARS,
  SlaCalendarError,
  type TimeMeasure,
} from './calendar.ts';
export {
  formatDuration,
  latestClocks,
  type NearestTarget,
  nearestTarget,
  nextAlarmAt,
} from './clock-queries.ts';
export {
  compileSlaPolicy,
  type SlaClock,
  type SlaEngine,
  type SlaState,
  type TicketClocks,
} from './engine.ts';
export {
  type EventLineError,
  EventsJsonlParser,
  type ParseEventsResult,
  parseEventsJsonl,
  type TicketEvent,
  type TicketHistory,
} from './events.ts';
export {
  type ActivitySignal,
  computeHandleTime,
  createHandleTimeTracker,
  emptyHandleTimeSnapshot,
  type HandleTimeSnapshot,
  type HandleTimeStatus,
  type HandleTimeTracker,
  handleTimeStatus,
  type Interval,
  mergeHandleTime,
  unionIntervals,
} from './handle-time.ts';
export {
  exportSlaPolicy,
  importSlaPolicy,
  type PolicyError,
  type PolicyValidation,
  validateSlaPolicy,
} from './policy.ts';
export {
  type CalendarSpec,
  metricLabel,
  SLA_METRIC_TABLE,
  SLA_METRICS,
  type SlaMetric,
  type SlaPolicy,
  type SlaPolicyInput,
  SlaPolicySchema,
  type SlaTarget,
} from './policy-schema.ts';
export {
  type HandleTimeEntry,
  type HandleTimeRow,
  handleTimeReport,
  type SlaMetRow,
  type SlaReportEntry,
  slaMetReport,
  toCsv,
} from './reports.ts';
