import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('openapi');
});

describe('the public endpoints', () => {
  it('answers /health with ok and no credentials', async () => {
    const res = await h.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await h.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/v1/referrals',
      '/v1/referrals/{id}',
      '/v1/referrals/{id}/close',
      '/v1/specialists',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const body = doc.paths['/v1/referrals'].post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    // Strict bodies: unknown keys are refused, and the document says so.
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['pseudonym', 'need', 'urgency', 'reason']));
  });

  it('answers an unknown route with a 404 problem that does not echo the path', async () => {
    const res = await h.request('/v1/nothing-here-SECRETPATH');
    expect(res.status).toBeGreaterThanOrEqual(401);
    const text = await res.text();
    expect(text).not.toContain('SECRETPATH');
  });

  it('has no /dev routes when the runtime gives no dev hooks (as when deployed)', async () => {
    expect((await h.request('/dev/outbox')).status).toBe(404);
    const clock = await h.request('/dev/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 'PT49H' }),
    });
    expect(clock.status).toBe(404);
  });
});
