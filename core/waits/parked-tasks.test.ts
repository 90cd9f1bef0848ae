import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../errors.ts';
import { MemoryParkedTaskStore } from '../../adapters/memory/parked-task-store.ts';
import { parkTask, parkTaskInput } from './parked-tasks.ts';
import { parseInput } from '../validation.ts';

const now = new Date('2026-11-25T12:00:00Z');

describe('parking a task token', () => {
  it('stores the token with an expiry thirty days out by default', async () => {
    const store = new MemoryParkedTaskStore();
    const parked = await parkTask(store, parseInput(parkTaskInput, { key: 'approval/r1/stage-1', taskToken: 't1' }), now);
    expect(parked).toEqual({ key: 'approval/r1/stage-1', parkedAt: now.toISOString() });
    expect(store.get('approval/r1/stage-1')?.expiresAt).toBe(now.getTime() / 1000 + 30 * 86_400);
  });

  it('is harmless when the same token is parked twice (a retried Lambda)', async () => {
    const store = new MemoryParkedTaskStore();
    const input = parseInput(parkTaskInput, { key: 'k', taskToken: 't1' });
    await parkTask(store, input, now);
    const again = await parkTask(store, input, new Date(now.getTime() + 5_000));
    expect(again.parkedAt).toBe(now.toISOString());
  });

  it('refuses a different token under a key already in use', async () => {
    const store = new MemoryParkedTaskStore();
    await parkTask(store, parseInput(parkTaskInput, { key: 'k', taskToken: 't1' }), now);
    await expect(parkTask(store, parseInput(parkTaskInput, { key: 'k', taskToken: 't2' }), now)).rejects.toBeInstanceOf(ConflictError);
    expect(store.get('k')?.taskToken).toBe('t1');
  });

  it('names the offending field when the input is wrong', () => {
    const parse = () => parseInput(parkTaskInput, { key: 'has space', taskToken: '' }, 'park-task input');
    expect(parse).toThrow(ValidationError);
    expect(parse).toThrow(/key: letters, digits and .*taskToken/);
  });
});
