import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { UNTIL_LIFTED } from '../../../domain/directory/pause-for-delivery-failure.ts';
import { pauseOnSesEvent } from '../../../functions/bounces/pause-on-ses-event.ts';
import { fakeKms, TEST_KMS_KEY_ID, testKeyWrapper } from '../../lambda/support.ts';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';

/*
 * SES bounce and complaint events, in the shapes SES publishes to EventBridge (test/fixtures/ses-*.json),
 * pause the specialist in matching.
 */

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8'));

let h: Harness;
const retina = specialist({ id: 'bnc-retina', email: 'dr.retina@clinic.example', languages: ['pt'] });
const iris = specialist({ id: 'bnc-iris', email: 'dr.iris@clinic.example', languages: ['pt'] });
const lens = specialist({ id: 'bnc-lens', email: 'dr.lens@clinic.example', languages: ['pt'] });
const molar = specialist({ id: 'bnc-molar', email: 'dr.molar@dental.example', specialty: 'dental' });
const heart = specialist({
  id: 'bnc-heart',
  email: 'dr.heart@cardio.example',
  specialty: 'cardiology',
  pausedUntil: '2026-12-01T00:00:00.000Z',
});

beforeAll(async () => {
  // The data keys wrapped as the Lambda's (fake) KMS does, for the test through the handler.
  h = await createHarness('ses-bounces', { keyWrapper: testKeyWrapper() });
  for (const s of [retina, iris, lens, molar, heart]) await h.deps.specialists.put(s);
});

afterAll(() => {
  vi.unstubAllEnvs();
});

const deps = () => ({ specialists: h.deps.specialists, clock: h.clock, logger: h.deps.logger });

describe('SES bounces and complaints', () => {
  it('pauses a specialist whose address bounced for good until someone lifts it, and matching skips them', async () => {
    const out = await pauseOnSesEvent(fixture('ses-bounce-permanent'), deps());
    // The address matches whatever its case.
    expect(out).toEqual({ paused: ['bnc-retina'], unknownRecipients: 0 });
    expect((await h.deps.specialists.get('bnc-retina'))?.pausedUntil).toBe(UNTIL_LIFTED);

    const res = await h.call('POST', '/v1/referrals', { body: openBody({ languages: ['pt'] }) });
    const offered = (await res.json()).offers.map((o: { specialistId: string }) => o.specialistId);
    expect(offered.sort()).toEqual(['bnc-iris', 'bnc-lens']);
  });

  it('changes nothing on a repeat of the same event', async () => {
    const before = await h.deps.specialists.get('bnc-retina');
    expect(await pauseOnSesEvent(fixture('ses-bounce-permanent'), deps())).toEqual({
      paused: [],
      unknownRecipients: 0,
    });
    expect(await h.deps.specialists.get('bnc-retina')).toEqual(before);
  });

  it('pauses for three days after a transient bounce', async () => {
    expect((await pauseOnSesEvent(fixture('ses-bounce-transient'), deps())).paused).toEqual(['bnc-molar']);
    const until = (await h.deps.specialists.get('bnc-molar'))?.pausedUntil;
    expect(until).toBe(new Date(h.clock.now().getTime() + 3 * 24 * 3600_000).toISOString());
  });

  it('pauses until lifted after a complaint, over a shorter pause the specialist had set', async () => {
    expect((await pauseOnSesEvent(fixture('ses-complaint'), deps())).paused).toEqual(['bnc-heart']);
    expect((await h.deps.specialists.get('bnc-heart'))?.pausedUntil).toBe(UNTIL_LIFTED);
  });

  it('ignores deliveries, and counts addresses that are not in the directory without storing them', async () => {
    const before = await h.deps.specialists.get('bnc-iris');
    expect(await pauseOnSesEvent(fixture('ses-delivery'), deps())).toEqual({
      paused: [],
      unknownRecipients: 0,
    });
    expect(await h.deps.specialists.get('bnc-iris')).toEqual(before);

    const stranger = structuredClone(fixture('ses-bounce-permanent')) as {
      detail: { bounce: { bouncedRecipients: { emailAddress: string }[] } };
    };
    stranger.detail.bounce.bouncedRecipients = [{ emailAddress: 'desk@somewhere.example' }];
    expect(await pauseOnSesEvent(stranger, deps())).toEqual({ paused: [], unknownRecipients: 1 });
  });

  it('refuses an event that is not an SES one, so that it goes to the dead-letter queue', async () => {
    await expect(pauseOnSesEvent({ source: 'aws.s3', detail: {} }, deps())).rejects.toThrow();
  });

  it('works through the Lambda handler, on the table named by its environment', async () => {
    vi.stubEnv('TABLE_NAME', h.tableName);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'));
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('LOG_LEVEL', 'warn');
    vi.stubEnv('KMS_KEY_ID', TEST_KMS_KEY_ID);
    fakeKms();
    const { handler } = await import('../../../functions/bounces/index.ts');
    const event = structuredClone(fixture('ses-bounce-permanent')) as {
      detail: { bounce: { bouncedRecipients: { emailAddress: string }[] } };
    };
    event.detail.bounce.bouncedRecipients = [{ emailAddress: 'dr.lens@clinic.example' }];
    await handler(event as never);
    expect((await h.deps.specialists.get('bnc-lens'))?.pausedUntil).toBe(UNTIL_LIFTED);
  });
});
