/** A small line of a week's values in the popup; null days (nothing counted) break the line. */
export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const width = 84;
  const height = 24;
  const known = values.filter((v): v is number => v !== null);
  const max = Math.max(...known, 0);
  const min = Math.min(...known, max);
  const span = max - min || 1;
  const x = (i: number) => (values.length <= 1 ? width / 2 : (i / (values.length - 1)) * (width - 4) + 2);
  const y = (v: number) => height - 3 - ((v - min) / span) * (height - 6);
  // One path segment per run of known days.
  const path = values
    .map((v, i) =>
      v === null
        ? null
        : `${i === 0 || values[i - 1] === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ');
  const last = values.length - 1;
  const lastValue = values[last];
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.5" />
      {lastValue !== null && lastValue !== undefined && (
        <circle cx={x(last)} cy={y(lastValue)} r="2" fill="currentColor" />
      )}
    </svg>
  );
}
