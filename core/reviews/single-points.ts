import type { Account, Person } from '../registry/model.ts';
import type { FindingCode } from './model.ts';

/** A single point of failure found on an account: what it is, and for whom. */
export interface FoundProblem {
  /** `code` or `code:personId`. */
  id: string;
  code: FindingCode;
  detail: string;
}

const problem = (code: FindingCode, detail: string, personId?: string): FoundProblem => ({ id: personId ? `${code}:${personId}` : code, code, detail });

/**
 * Single points of failure an account has by its own record, whoever holds what: no backup owner, fewer
 * than two native admins, a recovery email or phone the company does not control, no second factor. Only
 * active accounts count.
 */
export function structuralProblems(account: Account): FoundProblem[] {
  if (account.status !== 'active') return [];
  const control = account.platformControl;
  const found: FoundProblem[] = [];
  if (!account.backupOwnerId) found.push(problem('no-backup-owner', 'no backup owner: the owner is the only person responsible'));
  if (control.nativeAdmins.length < 2) found.push(problem('too-few-native-admins', `${control.nativeAdmins.length} native admin(s) on the platform; at least two keep the company in control`));
  if (control.recoveryEmail && !control.recoveryEmail.companyControlled) found.push(problem('recovery-email-not-company', 'the recovery email is not a company-controlled address'));
  if (control.recoveryPhone && !control.recoveryPhone.companyControlled) found.push(problem('recovery-phone-not-company', 'the recovery phone is not a company-controlled number'));
  if (control.twoFactor?.method === 'none') found.push(problem('no-second-factor', 'no second factor protects the login: whoever has the password has the account'));
  return found;
}

/** Every single point of failure of an account, given the people it names (undefined: not in the registry). */
export function singlePointsOf(account: Account, people: ReadonlyMap<string, Person | undefined>): FoundProblem[] {
  if (account.status !== 'active') return [];
  const found = structuralProblems(account);
  const owner = people.get(account.ownerId);
  if (!owner) found.push(problem('no-owner', `the owner on record (${account.ownerId}) is not in the registry`));
  else if (owner.status === 'departed') found.push(problem('owner-departed', `the owner ${owner.name} (${owner.id}) has left`));
  const backup = account.backupOwnerId ? people.get(account.backupOwnerId) : undefined;
  if (backup?.status === 'departed') found.push(problem('backup-departed', `the backup owner ${backup.name} (${backup.id}) has left`));
  const control = account.platformControl;
  const held: [string | undefined, string][] = [
    ...control.nativeAdmins.map((admin): [string | undefined, string] => [admin.personId, 'is a native admin']),
    [control.recoveryEmail?.holderId, 'holds the recovery email'],
    [control.recoveryPhone?.holderId, 'holds the recovery phone'],
    [control.twoFactor?.holderId, 'holds the second factor'],
  ];
  for (const [personId, what] of held) {
    const holder = personId ? people.get(personId) : undefined;
    if (holder?.status === 'departed' && !found.some((f) => f.id === `control-held-by-departed:${holder.id}`)) {
      found.push(problem('control-held-by-departed', `${holder.name} (${holder.id}) has left but ${what}`, holder.id));
    }
  }
  return found;
}
