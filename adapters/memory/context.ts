import { approvalRules } from '../../config/approval-rules.ts';
import { reviewCadences } from '../../config/review-cadences.ts';
import type { ApprovalRules } from '../../core/approvals/rules.ts';
import { successionSettler } from '../../core/handover/succession.ts';
import type { ReviewCadences } from '../../core/reviews/cadences.ts';
import type { ReviewContext } from '../../core/reviews/ports.ts';
import type { RotationContext } from '../../core/rotation/ports.ts';
import { MemoryPlatform } from './platform.ts';
import { MemoryRegistryStore } from './registry-store.ts';
import { MemoryLoginRotations, MemorySecrets } from './secrets.ts';
import { MemoryCallbacks, MemoryClock, MemoryExecutions, MemoryLinkKeys, MemoryMailer, sequentialIds } from './services.ts';

/**
 * Everything the core's rules take, in memory: the reviews' context (which holds the handover's, the
 * approvals' and the registry's) and the rotation's, over one store and one clock. Each part is typed as its
 * memory class, so a test reads what it kept (emails sent, tokens answered, executions started, secrets).
 */
export interface MemoryContext extends ReviewContext, RotationContext {
  store: MemoryRegistryStore;
  clock: MemoryClock;
  mailer: MemoryMailer;
  callbacks: MemoryCallbacks;
  workflow: MemoryExecutions;
  handover: MemoryExecutions;
  runs: MemoryExecutions;
  links: MemoryLinkKeys;
  vault: MemorySecrets;
  secrets: MemorySecrets;
  connector: MemoryPlatform;
  rotations: MemoryLoginRotations;
}

/** What a test may choose; the rest is the repository's configuration, and a clock at `now`. */
export interface MemoryContextOptions {
  /** The clock's start (ISO). */
  now?: string;
  rules?: ApprovalRules;
  cadences?: ReviewCadences;
}

/**
 * A fresh context: an empty registry, the repository's approval rules and review cadences (or the test's), the
 * handover's successor settler listening for approval outcomes, as functions/shared/*.ts wire the real one.
 */
export function memoryContext(options: MemoryContextOptions = {}): MemoryContext {
  const clock = new MemoryClock(options.now);
  const secrets = new MemorySecrets();
  const ctx: MemoryContext = {
    store: new MemoryRegistryStore({ now: clock.now }),
    clock,
    now: clock.now,
    newId: sequentialIds(),
    vault: secrets,
    secrets,
    rules: options.rules ?? approvalRules,
    cadences: options.cadences ?? reviewCadences,
    links: new MemoryLinkKeys(),
    mailer: new MemoryMailer(),
    callbacks: new MemoryCallbacks(),
    workflow: new MemoryExecutions(clock.now),
    handover: new MemoryExecutions(clock.now),
    runs: new MemoryExecutions(clock.now),
    connector: new MemoryPlatform(),
    rotations: new MemoryLoginRotations(secrets, () => ctx),
    outcomes: { settled: (request) => successionSettler(ctx).settled(request) },
    publicUrl: 'https://steward.example.com',
  };
  return ctx;
}
