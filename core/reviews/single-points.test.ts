import { describe, expect, it } from 'vitest';
import type { Account, Person } from '../registry/model.ts';
import { singlePointsOf, structuralProblems } from './single-points.ts';

const person = (id: string, status: Person['status'] = 'active') => ({ id, name: id, status }) as Person;
const account = (extra: Partial<Account> = {}): Account =>
  ({
    id: 'acc-1',
    status: 'active',
    ownerId: 'olivia',
    backupOwnerId: 'bert',
    platformControl: { nativeAdmins: [{ personId: 'olivia', name: 'O' }, { personId: 'bert', name: 'B' }], recoveryEmail: { detail: 'social@example.com', companyControlled: true }, twoFactor: { method: 'security-key', holderId: 'olivia' } },
    ...extra,
  }) as Account;

describe('single points of failure', () => {
  const people = new Map([['olivia', person('olivia')], ['bert', person('bert')]]);

  it('finds none on a well-held account, and nothing on an account that is not active', () => {
    expect(singlePointsOf(account(), people)).toEqual([]);
    expect(singlePointsOf(account({ status: 'retired', backupOwnerId: undefined }), people)).toEqual([]);
  });

  it('names each structural problem', () => {
    const weak = account({ backupOwnerId: undefined, platformControl: { nativeAdmins: [{ name: 'O' }], recoveryEmail: { companyControlled: false }, recoveryPhone: { companyControlled: false }, twoFactor: { method: 'none' } } });
    expect(structuralProblems(weak).map((p) => p.id)).toEqual(['no-backup-owner', 'too-few-native-admins', 'recovery-email-not-company', 'recovery-phone-not-company', 'no-second-factor']);
  });

  it('names departed and unknown people, once per person', () => {
    const gone = new Map([['olivia', person('olivia', 'departed')], ['bert', person('bert', 'departed')]]);
    expect(singlePointsOf(account(), gone).map((p) => p.id)).toEqual(['owner-departed', 'backup-departed', 'control-held-by-departed:olivia', 'control-held-by-departed:bert']);
    expect(singlePointsOf(account(), new Map([['bert', person('bert')]])).map((p) => p.id)).toEqual(['no-owner']);
  });
});
