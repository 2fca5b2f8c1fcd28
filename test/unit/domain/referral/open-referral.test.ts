import { describe, expect, it } from 'vitest';
import { openReferral } from '../../../../domain/referral/rules/index.ts';
import { at, ctxAt, expectRefusal, openInput, worker } from './builders.ts';

const ctx = () => ({ ...ctxAt(0), id: 'ref-1', org: 'mdm-lu' });

describe('openReferral', () => {
  it('opens a referral at version 1 with consent recorded by the worker', () => {
    const c = ctx();
    const { referral, events } = openReferral(openInput(), c);
    expect(referral).toMatchObject({
      id: 'ref-1',
      org: 'mdm-lu',
      version: 1,
      status: 'open',
      pseudonym: 'ZEBRA-1985',
      need: { specialty: 'ophthalmology' },
      socialCheckDone: true,
      consent: { recordedBy: worker, at: at(0), scope: 'share_minimum_with_specialist' },
      accompaniment: { required: true },
      languages: ['pt', 'fr'],
      interpreterNeeded: false,
      doNotContactDirectly: false,
      offers: [],
      counts: { absences: 0, noShows: 0 },
      createdAt: at(0),
      createdBy: worker,
      updatedAt: at(0),
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'referral.opened',
      version: 1,
      at: at(0),
      referralId: 'ref-1',
      org: 'mdm-lu',
      actor: worker,
      data: { specialty: 'ophthalmology', urgency: 'routine', accompanimentRequired: true },
    });
    expect(referral.timeline).toEqual([
      {
        at: at(0),
        actor: worker,
        action: 'referral.opened',
        detail: { specialty: 'ophthalmology', urgency: 'routine', accompanimentRequired: true },
      },
    ]);
  });

  it('keeps interpreter and do-not-contact flags when given', () => {
    const { referral } = openReferral(
      openInput({ interpreterNeeded: true, doNotContactDirectly: true }),
      ctx(),
    );
    expect(referral).toMatchObject({ interpreterNeeded: true, doNotContactDirectly: true });
  });

  it('never puts the pseudonym or the reason in its event', () => {
    const { events } = openReferral(openInput(), ctx());
    const text = JSON.stringify(events);
    expect(text).not.toContain('ZEBRA');
    expect(text).not.toContain('cataract');
  });

  it('refuses without consent to share', () => {
    expectRefusal(
      () => openReferral(openInput({ consentToShare: false }), ctx()),
      'invalid_input',
      'consentToShare',
    );
  });

  it('refuses before the social check is done', () => {
    expectRefusal(
      () => openReferral(openInput({ socialCheckDone: false }), ctx()),
      'invalid_input',
      'socialCheckDone',
    );
  });

  it('refuses a blank pseudonym', () => {
    expectRefusal(() => openReferral(openInput({ pseudonym: '  ' }), ctx()), 'invalid_input', 'pseudonym');
  });

  it('refuses an unknown specialty without echoing it', () => {
    const input = openInput({ need: { specialty: '<script>' as never } });
    const err = expectRefusal(() => openReferral(input, ctx()), 'invalid_input', 'need.specialty');
    expect(err.message).not.toContain('<script>');
  });

  it('does not keep a reference to the caller’s languages array', () => {
    const languages = ['pt'];
    const { referral } = openReferral(openInput({ languages }), ctx());
    languages.push('de');
    expect(referral.languages).toEqual(['pt']);
  });
});
