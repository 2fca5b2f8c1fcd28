import { describe, expect, it } from 'vitest';
import { answeringAfterWork, beforeAnswer, workDone } from '../../../functions/lib/before-answer.ts';

const later = (ms: number, done: string[], what: string) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => {
    done.push(what);
  });

describe('work done before the answer', () => {
  it('runs beside the request, and the request ends only once it is done', async () => {
    const done: string[] = [];
    const answer = await answeringAfterWork(async () => {
      await beforeAnswer(later(30, done, 'work'));
      done.push('handled');
      return 'answer';
    });
    expect(answer).toBe('answer');
    expect(done).toEqual(['handled', 'work']);
  });

  it('is waited for when the handling fails too, and its own failure does not fail the request', async () => {
    const done: string[] = [];
    await expect(
      answeringAfterWork(async () => {
        await beforeAnswer(later(20, done, 'work'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(done).toEqual(['work']);
    await expect(
      answeringAfterWork(async () => {
        await beforeAnswer(Promise.reject(new Error('not recorded')));
        return 'shown';
      }),
    ).resolves.toBe('shown');
  });

  it('can be waited for by a read that must see it', async () => {
    const done: string[] = [];
    await answeringAfterWork(async () => {
      await beforeAnswer(later(20, done, 'work'));
      await workDone();
      done.push('read');
    });
    expect(done).toEqual(['work', 'read']);
  });

  it('is waited for where it is left, outside a request', async () => {
    const done: string[] = [];
    await beforeAnswer(later(10, done, 'work'));
    expect(done).toEqual(['work']);
  });
});
