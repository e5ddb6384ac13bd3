/**
 * Reports for team leads: SLA met % per client, target and day, and handle time against each client's target,
 * each as a chart and a table, with CSV export. Computed by the worker from what Deskmate observed.
 */
import { metricLabel } from '../core/sla/metrics.ts';
import { request } from '../messaging/client.ts';
import { saveFile } from '../ui/download.ts';
import { useLive } from '../ui/hooks.ts';
import { BarChart } from './BarChart.tsx';

const download = (name: string, csv: string) => saveFile(name, csv, 'text/csv');

const tone = (percent: number | null) =>
  percent === null ? 'ok' : percent >= 90 ? 'ok' : percent >= 75 ? 'warning' : 'error';

export function ReportsApp() {
  const [report] = useLive(() => request('sla.report', {}));
  return (
    <div class="stack" style={{ maxWidth: 980, margin: '0 auto', padding: 24 }}>
      <h1>Deskmate reports</h1>
      {report.state === 'loading' && <p class="muted">Computing…</p>}
      {report.state === 'error' && <p class="notice error">{report.error}</p>}
      {report.state === 'ready' && (
        <>
          <section class="card stack" aria-labelledby="met-heading">
            <div class="row" style={{ justifyContent: 'space-between' }}>
              <h2 id="met-heading">SLA met % by client, target and day</h2>
              <button
                type="button"
                disabled={report.value.met.length === 0}
                onClick={() => download('deskmate-sla-met.csv', report.value.metCsv)}
              >
                Export CSV
              </button>
            </div>
            {report.value.met.length === 0 ? (
              <p class="muted">No decided targets yet: a target counts once it is met or breached.</p>
            ) : (
              <>
                <BarChart
                  title="SLA met percentage per client, target and day"
                  max={100}
                  unit="%"
                  bars={report.value.met.map((row) => ({
                    label: `${row.client} · ${metricLabel(row.metric)} · ${row.day}`,
                    value: row.metPercent,
                    text: `${row.metPercent}% (${row.met}/${row.total})`,
                    tone: tone(row.metPercent),
                  }))}
                />
                <table data-testid="met-table">
                  <thead>
                    <tr>
                      <th>Client</th>
                      <th>Target</th>
                      <th>Day (client time)</th>
                      <th>Met</th>
                      <th>Breached</th>
                      <th>Met %</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.value.met.map((row) => (
                      <tr key={`${row.client}-${row.metric}-${row.day}`}>
                        <td>{row.client}</td>
                        <td>{metricLabel(row.metric)}</td>
                        <td>{row.day}</td>
                        <td>{row.met}</td>
                        <td>{row.breached}</td>
                        <td>{row.metPercent}%</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
          <section class="card stack" aria-labelledby="aht-heading">
            <div class="row" style={{ justifyContent: 'space-between' }}>
              <h2 id="aht-heading">Handle time against target</h2>
              <button
                type="button"
                disabled={report.value.handleTime.length === 0}
                onClick={() => download('deskmate-handle-time.csv', report.value.handleTimeCsv)}
              >
                Export CSV
              </button>
            </div>
            {report.value.handleTime.length === 0 ? (
              <p class="muted">No handle time recorded yet.</p>
            ) : (
              <>
                <BarChart
                  title="Mean handle time per client, in minutes"
                  unit=" min"
                  bars={report.value.handleTime.map((row) => ({
                    label: row.client,
                    value: row.meanMinutes,
                    text: `${row.meanMinutes} min${row.targetMinutes !== null ? ` (target ${row.targetMinutes})` : ''}`,
                    tone:
                      row.targetMinutes !== null && row.meanMinutes > row.targetMinutes ? 'warning' : 'ok',
                  }))}
                />
                <table data-testid="aht-table">
                  <thead>
                    <tr>
                      <th>Client</th>
                      <th>Tickets</th>
                      <th>Mean</th>
                      <th>Median</th>
                      <th>Target</th>
                      <th>Within target</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.value.handleTime.map((row) => (
                      <tr key={row.client}>
                        <td>{row.client}</td>
                        <td>{row.tickets}</td>
                        <td>{row.meanMinutes} min</td>
                        <td>{row.medianMinutes} min</td>
                        <td>{row.targetMinutes === null ? '—' : `${row.targetMinutes} min`}</td>
                        <td>{row.withinTargetPercent === null ? '—' : `${row.withinTargetPercent}%`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
