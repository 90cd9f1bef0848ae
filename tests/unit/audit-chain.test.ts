import { describe, expect, it } from 'vitest';
import { redact, sealEvent, verifyChain, type AuditEvent } from '../../core/audit.ts';

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

  it('never keeps secret-looking fields in a record', () => {
    expect(redact({ username: 'u', password: 'p', nested: { totpSeed: 's', recoveryCodes: ['a'], secretArn: 'arn' }, taskToken: 't' })).toEqual({ username: 'u', nested: { secretArn: 'arn' } });
  });
});
