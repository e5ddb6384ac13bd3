/**
 * The data guard's audit for QA leads: what was flagged, warned about, masked, blocked, overridden (with the
 * agent's reason, masked) or reported as not sensitive, per client, type, action and date; a chart by type and
 * day; CSV export. Only types, salted hashes and lengths are shown — the audit never held a value.
 */
import { useMemo, useState } from 'preact/hooks';
import { request } from '../../messaging/client.ts';
import { GUARD_AUDIT_ACTIONS, type Responses } from '../../messaging/protocol.ts';
import { ClientSelect, useClients } from '../../ui/clients.tsx';
import { saveFile } from '../../ui/download.ts';
import { useLive } from '../../ui/hooks.ts';

type AuditRow = Responses['guard.audit.query']['rows'][number];
type Action = (typeof GUARD_AUDIT_ACTIONS)[number];

const PALETTE = ['#2563eb', '#dc2626', '#7c3aed', '#d97706', '#059669', '#db2777', '#0891b2', '#4b5563'];

const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Findings per day, stacked by type: one column per day, one colour per type. */
export function StackedByDay(props: { rows: readonly AuditRow[] }) {
  const { days, types, counts, max } = useMemo(() => {
    const counts = new Map<string, Map<string, number>>();
    const typeTotals = new Map<string, number>();
    for (const row of props.rows) {
      const day = dayOf(row.at);
      const perDay = counts.get(day) ?? new Map<string, number>();
      perDay.set(row.type, (perDay.get(row.type) ?? 0) + 1);
      counts.set(day, perDay);
      typeTotals.set(row.type, (typeTotals.get(row.type) ?? 0) + 1);
    }
    const days = [...counts.keys()].sort();
    const types = [...typeTotals.keys()].sort((a, b) => (typeTotals.get(b) ?? 0) - (typeTotals.get(a) ?? 0));
    const max = Math.max(
      1,
      ...days.map((day) => [...(counts.get(day)?.values() ?? [])].reduce((a, b) => a + b, 0)),
    );
    return { days, types, counts, max };
  }, [props.rows]);
  if (days.length === 0) return null;
  const height = 160;
  const column = Math.max(18, Math.min(48, Math.floor(640 / days.length)));
  const width = days.length * column + 40;
  const colour = (type: string) => PALETTE[types.indexOf(type) % PALETTE.length]!;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-label="Findings per day by type"
        viewBox={`0 0 ${width} ${height + 28}`}
        width="100%"
        style={{ maxWidth: width }}
        data-testid="audit-chart"
      >
        <title>Findings per day by type</title>
        <text x="0" y="12" font-size="11" fill="#52606d">
          {max}
        </text>
        {days.map((day, index) => {
          let y = height;
          const x = 32 + index * column;
          return (
            <g key={day}>
              {types.map((type) => {
                const count = counts.get(day)?.get(type) ?? 0;
                if (!count) return null;
                const h = (count / max) * (height - 16);
                y -= h;
                return (
                  <rect key={type} x={x} y={y} width={column - 6} height={h} fill={colour(type)}>
                    <title>{`${day} · ${type}: ${count}`}</title>
                  </rect>
                );
              })}
              <text x={x} y={height + 14} font-size="10" fill="#52606d">
                {day.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="row" style={{ flexWrap: 'wrap', gap: 12 }}>
        {types.map((type) => (
          <span key={type} class="row" style={{ gap: 4 }}>
            <span style={{ width: 10, height: 10, background: colour(type), display: 'inline-block' }} />
            {type}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

const toTime = (date: string, endOfDay = false) =>
  date ? Date.parse(`${date}T00:00:00Z`) + (endOfDay ? 86_400_000 : 0) : undefined;

export function AuditSection() {
  const clients = useClients();
  const [clientId, setClientId] = useState('');
  const [type, setType] = useState('');
  const [action, setAction] = useState<Action | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filters = {
    ...(clientId ? { clientId } : {}),
    ...(type ? { type } : {}),
    ...(action ? { action } : {}),
    ...(from ? { from: toTime(from)! } : {}),
    ...(to ? { to: toTime(to, true)! } : {}),
  };
  const [result] = useLive(() => request('guard.audit.query', filters), JSON.stringify(filters));
  const [all] = useLive(() => request('guard.audit.query', { limit: 50_000 }), 'types');
  const types = all.state === 'ready' ? [...new Set(all.value.rows.map((row) => row.type))].sort() : [];
  const clientName = (id: string) =>
    (clients.state === 'ready' ? clients.value.find((client) => client.id === id)?.name : undefined) ?? id;

  const exportCsv = () => {
    if (result.state !== 'ready') return;
    saveFile(`data-guard-audit-${new Date().toISOString().slice(0, 10)}.csv`, result.value.csv, 'text/csv');
  };

  return (
    <section class="stack" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Data guard audit</h2>
      <p class="muted">
        Every finding the data guard acted on when a reply was sent: its type, score, what happened, the
        agent, a salted hash (the same value gives the same hash on this computer) and its length — never the
        value. Entries are deleted after each client's retention period.
      </p>
      <div class="card row" style={{ flexWrap: 'wrap' }}>
        <label class="row">
          Client
          <ClientSelect clients={clients} value={clientId} onChange={setClientId} none="All clients" />
        </label>
        <label class="row">
          Type
          <select value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            <option value="">All types</option>
            {types.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label class="row">
          Action
          <select
            value={action}
            onChange={(e) => setAction((e.target as HTMLSelectElement).value as Action | '')}
          >
            <option value="">All actions</option>
            {GUARD_AUDIT_ACTIONS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label class="row">
          From
          <input type="date" value={from} onChange={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label class="row">
          To
          <input type="date" value={to} onChange={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
        <button
          type="button"
          onClick={exportCsv}
          disabled={result.state !== 'ready' || result.value.total === 0}
        >
          Export CSV
        </button>
      </div>
      {result.state === 'loading' && <p class="muted">Loading…</p>}
      {result.state === 'error' && <p class="notice error">{result.error}</p>}
      {result.state === 'ready' && (
        <>
          <p data-testid="audit-total">
            {result.value.total} entr{result.value.total === 1 ? 'y' : 'ies'}
            {result.value.total > result.value.rows.length
              ? ` (newest ${result.value.rows.length} shown)`
              : ''}
          </p>
          <div class="card">
            <StackedByDay rows={result.value.rows} />
          </div>
          <table class="audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Client</th>
                <th>Ticket</th>
                <th>Agent</th>
                <th>Type</th>
                <th>Score</th>
                <th>Action</th>
                <th>Hash</th>
                <th>Length</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {result.value.rows.slice(0, 500).map((row) => (
                <tr key={row.id} data-action={row.action}>
                  <td>{new Date(row.at).toLocaleString()}</td>
                  <td>{clientName(row.clientId)}</td>
                  <td>{row.ticketId ? `${row.site} #${row.ticketId}` : row.site}</td>
                  <td>{row.agent}</td>
                  <td>{row.type}</td>
                  <td>{row.score.toFixed(2)}</td>
                  <td>{row.action}</td>
                  <td>
                    <code title={row.hash}>{row.hash.slice(0, 12)}</code>
                  </td>
                  <td>{row.length}</td>
                  <td>{row.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
