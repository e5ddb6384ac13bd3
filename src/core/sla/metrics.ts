/**
 * Every SLA metric, in one place: its id (as policies and events name it) and the label agents and reports show.
 * Adding a metric starts here; the schema, the engine's clocks and every label follow. No imports: the Reports page
 * reads its labels without the policy schema's dependencies.
 */
export const SLA_METRIC_TABLE = [
  { id: 'first_reply', label: 'First reply' },
  { id: 'next_reply', label: 'Next reply' },
  { id: 'periodic_update', label: 'Update' },
  { id: 'resolution', label: 'Resolution' },
] as const;
export type SlaMetric = (typeof SLA_METRIC_TABLE)[number]['id'];
export const SLA_METRICS: readonly [SlaMetric, ...SlaMetric[]] = SLA_METRIC_TABLE.map(
  (metric) => metric.id,
) as [SlaMetric, ...SlaMetric[]];

/** A metric's label; an id this build does not know (a newer pack's) is shown as it is. */
export function metricLabel(metric: string): string {
  return SLA_METRIC_TABLE.find((entry) => entry.id === metric)?.label ?? metric;
}
