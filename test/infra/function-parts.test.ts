import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions } from '../../infra/bundling/esbuild-settings.ts';
import { FUNCTION_ENTRIES, PROJECT_ROOT } from '../../infra/bundling/settings.ts';

/*
 * A function built with only the parts of the dependencies its app uses (functions/lib/compose.ts
 * `composeParts`): its bundle holds those stores' adapters and no other. The links function, whose
 * pages use a few stores, the api, which uses all but the pages' and the sweep's, the web function (the
 * pages) and the notify function (the emails), against the project function, built with every part.
 */

/**
 * The project's modules of which a function's bundle holds more than a few constants or a schema (other
 * modules import some of a store's, `isTombstone`..., and the secret's schema of link-tokens.ts: under
 * 600 bytes; the smallest store here is 1 KB).
 */
async function modulesOf(fn: 'links' | 'api' | 'web' | 'notify' | 'project'): Promise<string[]> {
  return Object.entries(await inputsOf(fn))
    .filter(([path, { bytesInOutput }]) => bytesInOutput >= 600 && !path.includes('node_modules'))
    .map(([path]) => path.slice(path.indexOf('functions/')));
}

/** Every module a function's bundle holds code of, with its bytes. */
async function inputsOf(fn: 'links' | 'api' | 'web' | 'notify' | 'project') {
  const { metafile } = await build({
    ...bundleOptions(join(PROJECT_ROOT, FUNCTION_ENTRIES[fn]), 'out.mjs'),
    write: false,
    sourcemap: false,
    metafile: true,
  });
  const [output] = Object.values(metafile.outputs).filter((o) => o.entryPoint !== undefined);
  return output!.inputs;
}

// Stores the link pages never use: the staff pages' sessions and sign-in, the feeds, the sweep's
// index, the statistics, erasure, the staff list.
const NOT_LINKS = [
  'functions/adapters/dynamo/page-session-store.ts',
  'functions/adapters/dynamo/sign-in-flow-store.ts',
  'functions/adapters/dynamo/notification-store.ts',
  'functions/adapters/dynamo/notification-reads-store.ts',
  'functions/adapters/dynamo/due-index.ts',
  'functions/adapters/dynamo/stats-store.ts',
  'functions/adapters/dynamo/erasure-store.ts',
  'functions/adapters/dynamo/staff-seen-store.ts',
];

// The pages' sessions and sign-in (the web function's), the sweep's due index, the link tokens (the
// link pages and the emails').
const NOT_API = [
  'functions/adapters/dynamo/page-session-store.ts',
  'functions/adapters/dynamo/sign-in-flow-store.ts',
  'functions/adapters/dynamo/due-index.ts',
  'functions/adapters/tokens/link-tokens.ts',
];

const NOT_PAGES = ['functions/adapters/dynamo/due-index.ts', 'functions/adapters/tokens/link-tokens.ts'];

describe('a function built with the parts its app uses', () => {
  it('bundles the link app’s stores and no other in the links function', async () => {
    const modules = await modulesOf('links');
    expect(modules).toEqual(
      expect.arrayContaining([
        'functions/adapters/dynamo/referral-store.ts',
        'functions/adapters/dynamo/link-post-limit.ts',
        'functions/adapters/dynamo/access-log-store.ts',
        'functions/adapters/dynamo/specialist-store.ts',
      ]),
    );
    expect(modules.filter((m) => NOT_LINKS.includes(m))).toEqual([]);
  }, 60_000);

  it('bundles the JSON API’s stores and not the pages’ or the sweep’s in the api function', async () => {
    const modules = await modulesOf('api');
    expect(modules).toEqual(
      expect.arrayContaining(NOT_LINKS.filter((m) => !NOT_API.includes(m) && !m.includes('sign-in-flow'))),
    );
    expect(modules.filter((m) => NOT_API.includes(m))).toEqual([]);
  }, 60_000);

  it('bundles the pages’ sessions and sign-in but not the sweep’s index nor the link tokens in the web function', async () => {
    const modules = await modulesOf('web');
    expect(modules).toEqual(
      expect.arrayContaining([
        'functions/adapters/dynamo/page-session-store.ts',
        'functions/adapters/dynamo/sign-in-flow-store.ts',
      ]),
    );
    expect(modules.filter((m) => NOT_PAGES.includes(m))).toEqual([]);
  }, 60_000);

  it('bundles the emails’ stores and link tokens, and no page, sweep, statistics or erasure store, in the notify function', async () => {
    const modules = await modulesOf('notify');
    expect(modules).toEqual(
      expect.arrayContaining([
        'functions/adapters/dynamo/referral-store.ts',
        'functions/adapters/dynamo/specialist-store.ts',
        'functions/adapters/dynamo/notification-store.ts',
        'functions/adapters/tokens/link-tokens.ts',
      ]),
    );
    const notNotify = [
      ...NOT_LINKS.filter((m) => !m.endsWith('/notification-store.ts')),
      'functions/adapters/dynamo/link-post-limit.ts',
      'functions/adapters/dynamo/access-log-store.ts',
    ];
    expect(modules.filter((m) => notNotify.includes(m))).toEqual([]);
  }, 60_000);

  it('bundles every store in the project function, built with all the parts', async () => {
    const modules = await modulesOf('project');
    expect(modules).toEqual(expect.arrayContaining([...NOT_LINKS, ...NOT_API]));
  }, 60_000);
});

describe('the api function’s AsyncAPI document', () => {
  it('is the file built beside the bundle: neither the generator nor the event catalogue is bundled', async () => {
    const held = Object.entries(await inputsOf('api'))
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([path]) => path);
    expect(held.some((path) => path.endsWith('functions/http/routes/public.ts'))).toBe(true);
    expect(
      held.filter((path) => /events[\\/]catalog\.ts$|asyncapi[\\/]event-document\.ts$/.test(path)),
    ).toEqual([]);
  }, 60_000);
});

describe('the staff apps’ statistics', () => {
  /** A function's bundle, as text. */
  async function codeOf(fn: 'api' | 'web' | 'project'): Promise<string> {
    const { outputFiles } = await build({
      ...bundleOptions(join(PROJECT_ROOT, FUNCTION_ENTRIES[fn]), 'out.mjs'),
      write: false,
      sourcemap: false,
    });
    return outputFiles!.find((file) => file.path.endsWith('.mjs'))!.text;
  }

  it('are read without the projection’s writes: no salt items in the api and web bundles', async () => {
    // The organisation-year's hashing key (keys.ts statsSaltKey), which only the writes use.
    for (const fn of ['api', 'web'] as const) {
      const code = await codeOf(fn);
      expect(code, fn).toContain('STATSREF#');
      expect(code, fn).not.toContain('STATSSALT#');
    }
    // The projection's function writes them.
    expect(await codeOf('project')).toContain('STATSSALT#');
  }, 90_000);
});
