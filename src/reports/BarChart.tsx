/**
 * A small, accessible SVG bar chart: one bar per row, a value label on each, a title for screen readers.
 * Clean SVG rather than a chart library: the reports need bars and percentages, nothing more.
 */
export interface Bar {
  label: string;
  value: number;
  /** Shown on the bar; defaults to the value. */
  text?: string;
  tone?: 'ok' | 'warning' | 'error';
}

const TONES = { ok: '#2f7d4f', warning: '#d69e2e', error: '#c53030' } as const;

export function BarChart(props: { title: string; bars: readonly Bar[]; max?: number; unit?: string }) {
  const rowHeight = 26;
  const labelWidth = 260;
  const width = 720;
  const max = props.max ?? Math.max(1, ...props.bars.map((bar) => bar.value));
  const height = props.bars.length * rowHeight + 8;
  return (
    <svg
      role="img"
      aria-label={props.title}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
    >
      <title>{props.title}</title>
      {props.bars.map((bar, index) => {
        const y = index * rowHeight + 4;
        const barWidth = Math.max(2, ((width - labelWidth - 70) * bar.value) / max);
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + 16} text-anchor="end" font-size="12" fill="#3e4c59">
              {bar.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 3}
              width={barWidth}
              height={rowHeight - 8}
              rx="3"
              fill={TONES[bar.tone ?? 'ok']}
            />
            <text x={labelWidth + barWidth + 6} y={y + 16} font-size="12" fill="#1f2933">
              {bar.text ?? `${bar.value}${props.unit ?? ''}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
