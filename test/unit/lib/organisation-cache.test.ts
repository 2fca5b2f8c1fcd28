import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../../domain/directory/model.ts';
import { ORGANISATION_CACHE_MS, organisationOf } from '../../../functions/lib/organisation-cache.ts';

/** An organisation store that counts its reads and answers what `answer` says. */
function storeOf(answer: (id: string) => Organisation | undefined | Error) {
  const reads: string[] = [];
  const organisations = {
    get: async (id: string) => {
      reads.push(id);
      const a = answer(id);
      if (a instanceof Error) throw a;
      return a;
    },
  } as unknown as Parameters<typeof organisationOf>[0]['organisations'];
  return { reads, deps: { organisations } };
}

const org = (id: string, email: string) => ({ id, contact: { email } }) as unknown as Organisation;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('organisationOf (the one per-process organisation cache)', () => {
  it('reads an organisation once per 30 s for pages, emails and the planner alike', async () => {
    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    let email = 'desk@mdm.lu';
    const { reads, deps } = storeOf((id) => org(id, email));
    expect((await organisationOf(deps, 'mdm-lu'))?.contact.email).toBe('desk@mdm.lu');
    email = 'new-desk@mdm.lu';
    now += ORGANISATION_CACHE_MS - 1;
    expect((await organisationOf(deps, 'mdm-lu'))?.contact.email).toBe('desk@mdm.lu');
    expect(reads).toEqual(['mdm-lu']);
    now += 2;
    expect((await organisationOf(deps, 'mdm-lu'))?.contact.email).toBe('new-desk@mdm.lu');
    expect(reads).toEqual(['mdm-lu', 'mdm-lu']);
  });

  it('keeps neither an organisation not found nor a failed read, and throws the failure', async () => {
    let answer: Organisation | undefined | Error;
    const { reads, deps } = storeOf(() => answer);
    expect(await organisationOf(deps, 'new-org')).toBeUndefined();
    answer = new Error('throttled');
    await expect(organisationOf(deps, 'new-org')).rejects.toThrow('throttled');
    answer = org('new-org', 'desk@new.org');
    expect((await organisationOf(deps, 'new-org'))?.id).toBe('new-org');
    expect(reads).toHaveLength(3);
  });

  it('keeps each store apart (two apps in one process never share organisations)', async () => {
    const a = storeOf((id) => org(id, 'a@x.org'));
    const b = storeOf((id) => org(id, 'b@x.org'));
    await organisationOf(a.deps, 'same');
    expect((await organisationOf(b.deps, 'same'))?.contact.email).toBe('b@x.org');
  });
});
