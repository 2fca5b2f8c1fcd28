import { describe, expect, it } from 'vitest';
import { EMPTY_COUNTERS, figuresOf } from '../../../domain/stats/figures.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { barChart } from '../../../functions/http/pages/board/charts.tsx';
import { overdueText, renderBoard } from '../../../functions/http/pages/board/render.tsx';

const now = new Date('2026-11-25T12:00:00.000Z');
const e = (over: Partial<BoardEscalation>): BoardEscalation => ({
  id: 'E1',
  referralId: 'R1',
  org: 'mdm-lu',
  kind: 'arrival_unconfirmed',
  level: 'assignee',
  since: '2026-11-22T11:00:00.000Z',
  state: 'open',
  urgency: 'urgent',
  action: 'confirm_arrival',
  version: 1,
  raisedAt: '2026-11-22T11:00:00.000Z',
  ...over,
});

describe('overdueText', () => {
  it('says the age plainly', () => {
    expect(overdueText('2026-11-22T11:00:00.000Z', now)).toBe('3 days overdue');
    expect(overdueText('2026-11-25T11:00:00.000Z', now)).toBe('1 hour overdue');
    expect(overdueText('2026-11-25T11:58:00.000Z', now)).toBe('2 minutes overdue');
  });
});

describe('renderBoard', () => {
  const page = renderBoard({
    state: 'open',
    network: true,
    items: [
      e({}),
      e({
        id: 'E2',
        kind: 'candidates_exhausted',
        level: 'network_coordinator',
        referralId: '<script>x</script>',
        org: 'dune-bxl',
      }),
      e({ id: 'E3', kind: 'no_accompanier', level: 'org_coordinator', referralId: 'R3', org: 'dune-bxl' }),
    ],
    now,
    figures: figuresOf('network', 2026, { ...EMPTY_COUNTERS, referrals: 7, accompaniments: 2 }),
    signedInAs: { sub: 'nc-1', org: 'mdm-lu', roles: ['network_coordinator'] },
    notice: 'acknowledged',
    accompaniers: { 'mdm-lu': [{ sub: 'acc-7', name: 'Ana Lima', roles: ['accompanier'] }] },
  });

  it('groups by kind with the age, and acknowledge and act forms', () => {
    expect(page).toContain(
      '<h2 id="k-arrival_unconfirmed">Arrival not confirmed <span class="tag">1</span></h2>',
    );
    expect(page).toContain('<h2 id="k-candidates_exhausted">No specialist found');
    expect(page).toContain('3 days overdue');
    expect(page).toContain('action="/app/board/escalations/E1/ack"');
    expect(page).toContain('action="/app/board/escalations/E1/reassign"');
    // The accompanier is chosen by name, never typed.
    expect(page).toContain('<option value="acc-7">Ana Lima</option>');
    expect(page).not.toMatch(/<input[^>]*name="accompanierId"/);
    expect(page).toContain('action="/app/board/escalations/E2/reoffer"');
    // Another organisation's escalation still with its coordinators: acknowledged from here, acted on
    // by them.
    expect(page).toContain('action="/app/board/escalations/E3/ack"');
    expect(page).not.toContain('action="/app/board/escalations/E3/reassign"');
    expect(page).toContain('name="org"'); // the network coordinator's organisation filter
    expect(page).toContain('Acknowledged: it moved');
  });

  it('escapes what it shows and loads nothing from elsewhere', () => {
    expect(page).not.toContain('<script>');
    expect(page).not.toMatch(/src=|https?:\/\//);
  });

  it('draws the figures as inline SVG, small counts as “<5”', () => {
    expect(page).toContain('<svg role="img"');
    const chart = barChart('Test', [
      { label: 'A', value: 7 },
      { label: 'B', value: null },
    ]);
    expect(chart).toContain('&lt;5');
    expect(chart).toContain('B: fewer than 5');
  });
});

describe('the board in another language', () => {
  it('says it in French, and says so when no accompanier has signed in yet', () => {
    const page = renderBoard({
      state: 'open',
      network: false,
      items: [e({ kind: 'no_accompanier', level: 'org_coordinator' })],
      now,
      figures: figuresOf('mdm-lu', 2026, EMPTY_COUNTERS),
      signedInAs: { sub: 'co-1', org: 'mdm-lu', roles: ['coordinator'] },
      locale: 'fr',
      accompaniers: { 'mdm-lu': [] },
    });
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('Pas d’accompagnant·e');
    expect(page).toContain('3 jours de retard');
    expect(page).toContain('Personne avec le rôle d’accompagnant·e ne s’est encore connecté à Relais.');
    expect(page).not.toContain('action="/app/board/escalations/E1/reassign"');
    expect(page).not.toContain('name="accompanierId"');
    expect(overdueText('2026-11-25T11:00:00.000Z', now, 'de')).toBe('1 Stunde überfällig');
  });
});
