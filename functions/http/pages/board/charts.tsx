import type { FC } from 'hono/jsx';
import type { DeclineReason, Specialty } from '../../../../domain/referral/model.ts';
import type { Suppressed, YearFigures } from '../../../../domain/stats/figures.ts';
import { declineReasonName, type Locale, specialtyName } from '../../../ui/messages.ts';
import { words } from '../layout.tsx';

/*
 * The activity panel's charts: plain inline SVG (no script, nothing fetched, allowed by the page's
 * CSP), each with a title and a text alternative, so they read without the picture too.
 */

export interface Bar {
  readonly label: string;
  readonly value: Suppressed;
}

const WIDTH = 520;
const LABEL = 250; // room for the longest label of the five languages
const ROW = 24;
const BAR_MAX = WIDTH - LABEL - 60;

/** A horizontal bar chart; a suppressed value (1–4) is written "<5" with no bar. */
export const BarChart: FC<{ title: string; bars: readonly Bar[]; locale?: Locale }> = ({
  title,
  bars,
  locale = 'en',
}) => {
  const w = words(locale);
  if (bars.length === 0) return <p class="muted">{w('staff.board.chart.nothing', { title })}</p>;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const height = bars.length * ROW + 8;
  const alt = bars
    .map((b) => `${b.label}: ${b.value === null ? w('staff.board.chart.fewer_than_5') : b.value}`)
    .join('; ');
  return (
    <figure style="margin:0 0 1rem">
      <figcaption style="font-weight:600">{title}</figcaption>
      <svg
        role="img"
        aria-label={`${title}. ${alt}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={`max-width:${WIDTH}px`}
      >
        <title>{title}</title>
        {bars.map((b, i) => {
          const y = i * ROW + 4;
          const width =
            b.value === null ? 0 : Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * BAR_MAX));
          return (
            <>
              <text x={LABEL - 6} y={y + 15} text-anchor="end" font-size="13" fill="#1f2937">
                {b.label}
              </text>
              <rect x={LABEL} y={y + 3} width={width} height={ROW - 8} rx="3" fill="#1d4ed8"></rect>
              <text x={LABEL + width + 6} y={y + 15} font-size="13" fill="#374151">
                {b.value === null ? '<5' : String(b.value)}
              </text>
            </>
          );
        })}
      </svg>
    </figure>
  );
};

/** The same chart as an HTML string (for callers outside JSX). */
export const barChart = (title: string, bars: readonly Bar[], locale: Locale = 'en'): string =>
  String(<BarChart title={title} bars={bars} locale={locale} />);

const GRID =
  'display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.6rem;margin:0 0 1rem';
const CELL = 'border:1px solid #e5e7eb;border-radius:.5rem;padding:.5rem .7rem;margin:0';

/** One headline figure. */
const Figure: FC<{ label: string; value: string }> = ({ label, value }) => (
  <div style={CELL}>
    <dt class="muted" style="font-size:.9rem">
      {label}
    </dt>
    <dd style={`margin:0;font-size:${/^[<\d]/.test(value) ? '1.4rem' : '1rem'};font-weight:700`}>{value}</dd>
  </div>
);

/** The activity panel: the year's figures as the organisations report them, in the page's language. */
/** The year's figures as the board shows them, with a link to the same figures as CSV. */
export const ActivityPanel: FC<{ figures: YearFigures; locale: Locale; download: string }> = ({
  figures: f,
  locale,
  download,
}) => {
  const w = words(locale);
  const shown = (v: Suppressed): string => (v === null ? '<5' : String(v));
  const scope = f.scope === 'network' ? w('staff.board.network') : f.scope;
  const key: Bar[] = [
    { label: w('staff.board.fig.referrals'), value: f.referrals },
    { label: w('staff.board.fig.distinct_people'), value: f.distinctPeople },
    { label: w('staff.board.fig.appointments'), value: f.appointments },
    { label: w('staff.board.fig.accompaniments'), value: f.accompaniments },
    { label: w('staff.board.fig.no_shows'), value: f.noShows },
    { label: w('staff.board.fig.absences'), value: f.absences },
  ];
  // Names from the catalogue; a code it has no name for (older data) is shown as it is.
  const bySpecialty = Object.entries(f.referralsBySpecialty).map(([k, v]) => ({
    label: specialtyName(locale, k as Specialty),
    value: v,
  }));
  const declines = Object.entries(f.declineReasons).map(([k, v]) => ({
    label: declineReasonName(locale, k as DeclineReason),
    value: v,
  }));
  const rate = f.noShowRate === null ? w('staff.board.fig.too_few') : `${Math.round(f.noShowRate * 100)} %`;
  const median =
    f.medianDaysToAppointment === null
      ? w('staff.board.fig.too_few')
      : w('staff.board.fig.days', { n: String(f.medianDaysToAppointment) });
  return (
    <section class="card" aria-labelledby="activity">
      <h2 id="activity">{w('staff.board.activity', { year: String(f.year), scope })}</h2>
      <dl style={GRID}>
        <Figure label={w('staff.board.fig.accompaniments')} value={shown(f.accompaniments)} />
        <Figure label={w('staff.board.fig.distinct_people')} value={shown(f.distinctPeople)} />
        <Figure label={w('staff.board.fig.median_days')} value={median} />
        <Figure label={w('staff.board.fig.no_show_rate')} value={rate} />
      </dl>
      <BarChart title={w('staff.board.chart.year')} bars={key} locale={locale} />
      <BarChart title={w('staff.board.chart.by_specialty')} bars={bySpecialty} locale={locale} />
      <BarChart title={w('staff.board.chart.declines')} bars={declines} locale={locale} />
      <p class="muted">{w('staff.board.small_counts')}</p>
      <p>
        <a href={download} download>
          {w('staff.board.download_figures')}
        </a>
      </p>
    </section>
  );
};
