import type { AuditEntry, AuditEvent } from '../audit/model.ts';
import type { AuditStore } from '../audit/ports.ts';
import type { OutboxStore } from '../messaging/index.ts';
import type * as z from 'zod';
import type { Page, PageRequest } from '../paging.ts';
import type { Account, accountFilter, CredentialInput, Exposure, Grant, Person, Policy } from './model.ts';

/**
 * What the registry's rules need from storage: one narrow port per entity, and `commit`, which writes the
 * entities and the audit event in one transaction. The DynamoDB adapter implements them; unit tests use
 * memory. Each capability above the registry adds its own entities' ports and writes (approvals/ports.ts,
 * rotation/ports.ts, handover/ports.ts, reviews/ports.ts).
 */
export type RegistryWrite =
  | { type: 'person'; item: Person; expectedVersion: number | null; previous?: Person }
  | { type: 'account'; item: Account; expectedVersion: number | null; previous?: Account }
  | { type: 'grant'; item: Grant; expectedVersion: number | null }
  | { type: 'policy'; item: Policy; expectedVersion: number | null }
  | { type: 'exposure'; item: Exposure }
  /** No write: the commit fails (ConflictError) unless the person is active with no departure on its way. */
  | { type: 'assignable'; personId: string };

/** Entities and their audit event, written together or not at all. */
export interface Change<W = RegistryWrite> {
  writes: W[];
  audit: AuditEntry;
}

/** Writes all entities and the audit event atomically; a stale expected version throws ConflictError. */
export interface Transactions<W> {
  commit(change: Change<W>): Promise<AuditEvent>;
}

/** The accounts list's filters, parsed. */
export type AccountFilter = z.output<typeof accountFilter>;

/** Reads of people: one by id, or a page by team and status. */
export interface PeopleStore {
  getPerson(id: string): Promise<Person | undefined>;
  listPeople(filter: { team?: string; status?: string }, page: PageRequest): Promise<Page<Person>>;
}

/**
 * Reads of accounts: one by id, a filtered page, a person's roles on accounts, and the account that holds a
 * platform account id.
 */
export interface AccountStore {
  getAccount(id: string): Promise<Account | undefined>;
  listAccounts(filter: AccountFilter, page: PageRequest): Promise<Page<Account>>;
  /**
   * Ids of accounts the person owns, backs up, or holds a platform-side control of (native admin, recovery
   * email or phone, 2FA factor), from the relationship items kept with each account.
   */
  accountRolesOf(personId: string): Promise<{ owned: string[]; backup: string[]; controls: string[] }>;
  /** The account that holds this platform account id (the registry has each once), if any. */
  accountIdOfPlatformAccount(platform: Account['platform'], platformAccountId: string): Promise<string | undefined>;
}

/** Reads of grants (an account's, a person's, one by id) and of a person's exposures to logins. */
export interface GrantStore {
  grantsOfAccount(accountId: string): Promise<Grant[]>;
  getGrant(accountId: string, grantId: string): Promise<Grant | undefined>;
  grantsOfPerson(personId: string): Promise<Grant[]>;
  exposuresOf(personId: string): Promise<Exposure[]>;
}

/** Reads of policies: one by id, or a page. */
export interface PolicyStore {
  getPolicy(id: string): Promise<Policy | undefined>;
  listPolicies(page: PageRequest): Promise<Page<Policy>>;
}

/** Everything the registry's own rules read and write. */
export interface RegistryStore extends PeopleStore, AccountStore, GrantStore, PolicyStore, AuditStore, OutboxStore, Transactions<RegistryWrite> {}

/** Where shared logins live (Secrets Manager). Values pass through; nothing here logs or stores them. */
export interface CredentialVault {
  /** Stores a new value as the current one; `requestId` makes a retried request a no-op. */
  put(accountId: string, value: CredentialInput, requestId: string): Promise<{ secretArn: string; versionId: string }>;
  get(secretArn: string): Promise<CredentialInput>;
}

/** What the registry's rules run with: the store, the credential vault, the clock and the id maker. */
export interface RegistryContext {
  store: RegistryStore;
  vault: CredentialVault;
  now: () => Date;
  newId: (prefix: string) => string;
}
