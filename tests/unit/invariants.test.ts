import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, sealEvent } from '../../core/audit/chain.ts';
import { checkInvariants, type RegistrySnapshot } from '../support/invariants.ts';
import type { Account, Grant, Person } from '../../core/registry/model.ts';

/** The invariants can fail: each broken promise, planted in an otherwise clean registry, is named. */
const at = '2026-12-01T10:00:00.000Z';
const now = new Date('2026-12-01T12:00:00.000Z');
const stamps = { version: 1, createdAt: at, updatedAt: at };
const person = (id: string, status: Person['status'] = 'active'): Person => ({ id, email: `${id}@example.com`, name: id, team: 't', status, ...stamps });
const account = (id: string, ownerId: string, extra: Partial<Account> = {}): Account => ({
  id, platform: 'x', handle: '@a', platformAccountId: id, displayName: id, url: 'https://x.com/a', scope: 'external', purpose: 'p', team: 't', ownerId, riskTier: 'low', status: 'active', policies: [], platformControl: { nativeAdmins: [] }, ...stamps, ...extra,
});
const grant = (personId: string, accountId: string, extra: Partial<Grant> = {}): Grant => ({ id: `gr-${personId}`, accountId, personId, role: 'publisher', credentialAccess: true, grantedBy: 'hr', reason: 'r', status: 'active', ...stamps, ...extra });

function clean(): RegistrySnapshot {
  const people = [person('stays'), person('left', 'departed')];
  const accounts = [account('acc-1', 'stays', { credential: { secretArn: 'arn', versionId: 'v2', setAt: '2026-12-01T11:00:00.000Z', setBy: 'steward' } })];
  const grants = [grant('left', 'acc-1', { status: 'revoked', revokedReason: 'departure dep-1' })];
  const departures = [{ id: 'dep-1', personId: 'left', requestedBy: 'hr', effectiveAt: at, status: 'completed' as const, accounts: {}, revokedAt: '2026-12-01T10:30:00.000Z', reportedAt: at, ...stamps }];
  let prevHash = GENESIS_HASH;
  const changes = [['person/stays@1'], ['person/left@1'], ['account/acc-1@1'], ['grant/gr-left@1'], ['departure/dep-1@1']];
  const audit = changes.map((c, i) => {
    const event = sealEvent({ actor: 'hr', actorRoles: [], action: 'x', entityType: 't', entityId: 'i' }, i + 1, at, prevHash, c);
    prevHash = event.hash;
    return event;
  });
  return { people, accounts, grants, exposures: [{ personId: 'left', accountId: 'acc-1', firstAt: at, lastAt: at, reveals: 1, lastVersionId: 'v1', lastWay: 'reveal', ways: ['reveal'] }], departures, approvals: [], reviews: [], custodyTasks: [], audit, chainHeads: { 't/i': { seq: audit.length, hash: prevHash } } };
}

describe('the invariants', () => {
  it('find nothing wrong with a registry that keeps every promise', () => {
    expect(checkInvariants(clean(), now)).toEqual([]);
  });

  it.each([
    ['no-live-grant', (s: RegistrySnapshot) => (s.grants[0] = { ...s.grants[0]!, status: 'active' })],
    ['no-ownership', (s: RegistrySnapshot) => (s.accounts[0] = { ...s.accounts[0]!, backupOwnerId: 'left' })],
    ['active-owner', (s: RegistrySnapshot) => (s.accounts[0] = { ...s.accounts[0]!, ownerId: 'left' })],
    ['login-changed', (s: RegistrySnapshot) => (s.exposures[0] = { ...s.exposures[0]!, lastVersionId: 'v2' })],
    ['login-changed', (s: RegistrySnapshot) => (s.accounts[0] = { ...s.accounts[0]!, credential: { ...s.accounts[0]!.credential!, setAt: '2026-12-01T10:00:00.000Z' } })],
    ['audited-once', (s: RegistrySnapshot) => (s.people[0] = { ...s.people[0]!, version: 2 })],
    ['audit-chain', (s: RegistrySnapshot) => (s.audit[1] = { ...s.audit[1]!, actor: 'mallory' })],
  ])('name a broken promise: %s', (invariant, breakIt) => {
    const snapshot = clean();
    breakIt(snapshot);
    expect(checkInvariants(snapshot, now).map((v) => v.invariant)).toContain(invariant);
  });
});
