import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../../events/catalog.ts';
import { createHarness, type Harness } from './harness.ts';

/* GET /asyncapi.json: public like /openapi.json, which documents it. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('asyncapi');
});

describe('GET /asyncapi.json', () => {
  it('answers anyone with the AsyncAPI 3.0 document of every event', async () => {
    const res = await h.request('/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const doc = await res.json();
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels).sort()).toEqual(CATALOG.map((c) => c.type).sort());
  });

  it('is documented in /openapi.json, with no security', async () => {
    const openapi = await (await h.request('/openapi.json')).json();
    expect(openapi.paths['/asyncapi.json']?.get).toBeDefined();
    expect(openapi.paths['/asyncapi.json'].get.security ?? []).toEqual([]);
  });
});
