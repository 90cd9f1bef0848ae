import { describe, expect, it } from 'vitest';
import { redact, sealEvent, verifyChain } from './chain.ts';
import type { AuditEvent } from './model.ts';

function chain(length: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const entry = { actor: 'p-1', actorRoles: ['admin'], action: 'person.updated', entityType: 'person', entityId: `p-${seq}`, after: { team: `t${seq}` } };
    events.push(sealEvent(entry, seq, `2026-11-25T12:00:0${seq}Z`, events.at(-1)?.hash ?? '0'.repeat(64)));
  }
  return events;
}
const headOf = (events: AuditEvent[]) => ({ seq: events.at(-1)!.seq, hash: events.at(-1)!.hash });

describe('the audit hash chain', () => {
  it('verifies an intact chain', () => {
    const events = chain(5);
    expect(verifyChain(events, headOf(events))).toEqual({ ok: true, events: 5, headSeq: 5 });
  });

  it('names an altered record', () => {
    const events = chain(5);
    const head = headOf(events);
    events[2] = { ...events[2]!, after: { team: 'forged' } };
    expect(verifyChain(events, head)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'altered' });
  });

  it('names a removed record, in the middle or at the end', () => {
    const events = chain(5);
    const head = headOf(events);
    expect(verifyChain([...events.slice(0, 3), ...events.slice(4)], head)).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'removed' });
    expect(verifyChain(events.slice(0, 4), head)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'removed' });
  });

  it('names reordered records', () => {
    const events = chain(5);
    const head = headOf(events);
    expect(verifyChain([events[0]!, events[2]!, events[1]!, events[3]!, events[4]!], head)).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'reordered' });
  });

  it('verifies a chain window by window, each carrying on from where the last stopped, as a long trail is checked', () => {
    const events = chain(9);
    const head = headOf(events);
    const first = verifyChain(events.slice(0, 4), head, undefined, false);
    expect(first).toEqual({ ok: true, events: 4, headSeq: 4 });
    const from = { seq: 5, prevHash: events[3]!.hash };
    expect(verifyChain(events.slice(4), head, from)).toEqual({ ok: true, events: 5, headSeq: 9 });
    // A window that does not follow the last: a forged position, or a record moved across the boundary.
    expect(verifyChain(events.slice(5), head, from)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'removed' });
    expect(verifyChain(events.slice(4), head, { seq: 5, prevHash: events[2]!.hash })).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'reordered' });
    // Only the last window answers for the head: records removed from the end are still found.
    expect(verifyChain(events.slice(4, 8), head, from)).toMatchObject({ ok: false, firstBadSeq: 9, problem: 'removed' });
  });

  it('never keeps secret-looking fields in a record', () => {
    expect(redact({ username: 'u', password: 'p', nested: { totpSeed: 's', recoveryCodes: ['a'], secretArn: 'arn' }, taskToken: 't' })).toEqual({ username: 'u', nested: { secretArn: 'arn' } });
  });
});
