import type { Suppressed, YearFigures } from '../../../../domain/stats/figures.ts';
import { escapeHtml } from '../layout.tsx';

/*
 * The activity panel's charts: plain inline SVG (no script, nothing fetched, allowed by the page's
 * CSP), each with a title and a text alternative, so they read without the picture too.
 */

export interface Bar {
  readonly label: string;
  readonly value: Suppressed;
}

const WIDTH = 520;
const LABEL = 200;
const ROW = 24;
const BAR_MAX = WIDTH - LABEL - 60;

/** A horizontal bar chart; a suppressed value (1–4) is written "<5" with no bar. */
export function barChart(title: string, bars: readonly Bar[]): string {
  if (bars.length === 0) return `<p class="muted">${escapeHtml(title)}: nothing yet.</p>`;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const height = bars.length * ROW + 8;
  const rows = bars
    .map((b, i) => {
      const y = i * ROW + 4;
      const w = b.value === null ? 0 : Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * BAR_MAX));
      const shown = b.value === null ? '<5' : String(b.value);
      return (
        `<text x="${LABEL - 6}" y="${y + 15}" text-anchor="end" font-size="13" fill="#1f2937">${escapeHtml(b.label)}</text>` +
        `<rect x="${LABEL}" y="${y + 3}" width="${w}" height="${ROW - 8}" rx="3" fill="#1d4ed8"></rect>` +
        `<text x="${LABEL + w + 6}" y="${y + 15}" font-size="13" fill="#374151">${escapeHtml(shown)}</text>`
      );
    })
    .join('');
  const alt = bars.map((b) => `${b.label}: ${b.value === null ? 'fewer than 5' : b.value}`).join('; ');
  return (
    `<figure style="margin:0 0 1rem"><figcaption style="font-weight:600">${escapeHtml(title)}</figcaption>` +
    `<svg role="img" aria-label="${escapeHtml(`${title}. ${alt}`)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px">` +
    `<title>${escapeHtml(title)}</title>${rows}</svg></figure>`
  );
}

const GRID =
  'display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.6rem;margin:0 0 1rem';
const CELL = 'border:1px solid #e5e7eb;border-radius:.5rem;padding:.5rem .7rem;margin:0';

/** One headline figure. */
const figure = (label: string, value: string): string =>
  `<div style="${CELL}"><dt class="muted" style="font-size:.9rem">${escapeHtml(label)}</dt>` +
  `<dd style="margin:0;font-size:${/^[<\d]/.test(value) ? '1.4rem' : '1rem'};font-weight:700">${escapeHtml(value)}</dd></div>`;

const SPECIALTY_LABEL = (code: string): string =>
  code.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** The activity panel: the year's figures as the organisations report them. */
export function activityPanel(f: YearFigures): string {
  const shown = (v: Suppressed): string => (v === null ? '<5' : String(v));
  const scope = f.scope === 'network' ? 'the network' : f.scope;
  const key: Bar[] = [
    { label: 'Referrals', value: f.referrals },
    { label: 'Distinct people', value: f.distinctPeople },
    { label: 'Appointments', value: f.appointments },
    { label: 'Accompaniments', value: f.accompaniments },
    { label: 'No-shows', value: f.noShows },
    { label: 'Absences (meeting point)', value: f.absences },
  ];
  const bySpecialty = Object.entries(f.referralsBySpecialty).map(([k, v]) => ({
    label: SPECIALTY_LABEL(k),
    value: v,
  }));
  const declines = Object.entries(f.declineReasons).map(([k, v]) => ({
    label: SPECIALTY_LABEL(k),
    value: v,
  }));
  const rate = f.noShowRate === null ? 'too few to show' : `${Math.round(f.noShowRate * 100)} %`;
  const median = f.medianDaysToAppointment === null ? 'too few to show' : `${f.medianDaysToAppointment} days`;
  return (
    `<section class="card" aria-labelledby="activity"><h2 id="activity">Activity ${f.year} · ${escapeHtml(scope)}</h2>` +
    `<dl style="${GRID}">` +
    figure('Accompaniments', shown(f.accompaniments)) +
    figure('Distinct people', shown(f.distinctPeople)) +
    figure('Median days, referral to appointment', median) +
    figure('No-show rate', rate) +
    '</dl>' +
    barChart('The year in numbers', key) +
    barChart('Referrals by specialty', bySpecialty) +
    barChart('Why specialists declined', declines) +
    `<p class="muted">Counts from 1 to 4 are shown as “&lt;5”: the people we support must not be identifiable.</p>` +
    '</section>'
  );
}
