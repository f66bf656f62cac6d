import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { i18n } from '#i18n';
import { reportDay } from './format';

/** A point's x (seconds at noon UTC of its day) back to its ISO day. */
const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** The whole range's figure, which the legend shows while no day is pointed at. */
  whole: string;
}

/**
 * One chart of daily values (uPlot, drawn on a canvas). A click on a day calls `onPickDay` with its index:
 * the drill-down to the conversations behind that point.
 */
export function DailyChart({
  title,
  days,
  series,
  format,
  onPickDay,
}: {
  title: string;
  /** ISO dates, one per point. */
  days: string[];
  series: ChartSeries[];
  format: (value: number) => string;
  onPickDay?: (index: number) => void;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const pick = useRef(onPickDay);
  useEffect(() => {
    pick.current = onPickDay;
  }, [onPickDay]);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const xs = days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000);
    const range = days.length > 0 ? `${reportDay(days[0]!)} – ${reportDay(days.at(-1)!)}` : '';
    const plot = new uPlot(
      {
        width: Math.max(280, element.clientWidth),
        height: 200,
        legend: { show: true },
        cursor: { drag: { x: false, y: false }, points: { size: 6 } },
        scales: { x: { time: true } },
        axes: [
          {
            // One tick per day that fits (never uPlot's own, whose dates are in US order), in the browser's language.
            splits: (u) => {
              const room = Math.max(2, Math.floor(u.bbox.width / devicePixelRatio / 64));
              const step = Math.ceil(xs.length / room);
              return xs.filter((_, i) => i % step === 0);
            },
            values: (_u, ticks) => ticks.map((t) => reportDay(isoOf(t))),
          },
          { values: (_u, ticks) => ticks.map((t) => format(t)), size: 64 },
        ],
        series: [
          {
            // The legend names the day pointed at, and the whole range while none is.
            label: i18n.t('reports.day'),
            value: (_u: uPlot, v: number | null, _s: number, index: number | null) =>
              index === null || v === null ? range : reportDay(isoOf(v), 'long'),
          },
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            spanGaps: false,
            // No placeholder while no day is pointed at: the legend then gives the whole range's figure.
            value: (_u: uPlot, v: number | null, _s: number, index: number | null) =>
              index === null ? s.whole : v === null ? '—' : format(v),
          })),
        ],
      },
      [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
      element,
    );
    const onClick = () => {
      const index = plot.cursor.idx;
      if (index !== null && index !== undefined) pick.current?.(index);
    };
    plot.over.addEventListener('click', onClick);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, element.clientWidth), height: 200 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.over.removeEventListener('click', onClick);
      plot.destroy();
    };
  }, [days, series, format]);

  return (
    <figure className="report-chart">
      <figcaption>{title}</figcaption>
      <div ref={holder} className="report-chart-canvas" data-testid="report-chart" />
    </figure>
  );
}
