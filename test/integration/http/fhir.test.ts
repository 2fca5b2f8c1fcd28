import { beforeAll, describe, expect, it } from 'vitest';
import { fhirValidator } from '../../support/fhir-validator.ts';
import { createHarness, type Harness, openBody } from './harness.ts';

/* GET /v1/referrals/{id}/fhir: the referral as a FHIR R4 Bundle, to whoever reads it in full. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('fhir');
});

describe('GET /v1/referrals/{id}/fhir', () => {
  it('answers the referring organisation with a valid R4 Bundle in application/fhir+json', async () => {
    const opened = await h.call('POST', '/v1/referrals', {
      body: openBody({ autoOffer: false, pseudonym: 'FHIRP-1', reason: 'FHIRREASON cough' }),
    });
    const { id } = await opened.json();
    const res = await h.call('GET', `/v1/referrals/${id}/fhir`, { role: 'coordinator' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = await res.json();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', id, type: 'collection' });
    const validate = await fhirValidator();
    for (const resource of [bundle, ...bundle.entry.map((e: { resource: unknown }) => e.resource)]) {
      expect(() => validate(resource)).not.toThrow();
    }
    const byType = Object.fromEntries(
      bundle.entry.map((e: { resource: { resourceType: string } }) => [e.resource.resourceType, e.resource]),
    );
    expect(byType.ServiceRequest).toMatchObject({
      status: 'active',
      intent: 'order',
      reasonCode: [{ text: 'FHIRREASON cough' }],
      subject: { reference: `Patient/${id}` },
      supportingInfo: [{ reference: `Consent/${id}` }],
    });
    expect(byType.Patient.identifier).toEqual([
      { system: 'urn:relais:org:mdm-lu:pseudonym', value: 'FHIRP-1' },
    ]);
    expect(byType.Task).toMatchObject({ status: 'requested', focus: { reference: `ServiceRequest/${id}` } });
    expect(byType.Appointment).toBeUndefined();
  });

  it('refuses accompaniers and admins (403) and is not found by another organisation (404)', async () => {
    const { id } = await (
      await h.call('POST', '/v1/referrals', { body: openBody({ autoOffer: false }) })
    ).json();
    for (const role of ['accompanier', 'admin'] as const) {
      expect((await h.call('GET', `/v1/referrals/${id}/fhir`, { role })).status, role).toBe(403);
    }
    const other = await h.call('GET', `/v1/referrals/${id}/fhir`, { role: 'social_worker', org: 'dune-bxl' });
    expect(other.status).toBe(404);
  });
});
