import { randomBytes } from 'node:crypto';
import type { ApprovalWorkflow, TaskCallbacks } from '../../core/approvals/ports.ts';
import type { HandoverWorkflow } from '../../core/handover/ports.ts';
import type { Email, Mailer } from '../../core/messaging/email.ts';
import type { LinkKey, LinkKeyRing } from '../../core/messaging/links.ts';
import type { ReviewRuns } from '../../core/reviews/ports.ts';

/**
 * The context's other ports in memory: a clock the test moves, a mailer that keeps what it sends, task
 * callbacks that remember how each token was answered, workflow starts, the link key ring and ids. Each keeps
 * what the real service would be told, so a test asserts on that state, never on a log line.
 */

/** A duration, for moving the clock. */
export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  ms?: number;
}

const msOf = (d: Duration) => ((((d.days ?? 0) * 24 + (d.hours ?? 0)) * 60 + (d.minutes ?? 0)) * 60 + (d.seconds ?? 0)) * 1000 + (d.ms ?? 0);

/** The time the rules see: it stands still until the test sets or moves it. */
export class MemoryClock {
  private at: number;

  constructor(start = '2026-06-01T09:00:00.000Z') {
    this.at = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.at);

  /** Sets the time to this instant (ISO). */
  set(iso: string): void {
    this.at = Date.parse(iso);
  }

  /** Moves the time on by this much. */
  advance(by: Duration): void {
    this.at += msOf(by);
  }
}

/** Keeps every email it is asked to send, in order. */
export class MemoryMailer implements Mailer {
  readonly sent: Email[] = [];

  async send(email: Email): Promise<void> {
    this.sent.push(email);
  }

  /** What went to this address, in order. */
  to(address: string): Email[] {
    return this.sent.filter((email) => email.to === address);
  }
}

/** How a task token was answered. */
export type TaskAnswer = { taskToken: string; outcome: 'succeeded'; output: unknown } | { taskToken: string; outcome: 'failed'; error: string; cause: string };

/**
 * Answers to waiting tasks. As in Step Functions, the first answer to a token is the one that counts; a later
 * one is not an error (the port's promise) and changes nothing.
 */
export class MemoryCallbacks implements TaskCallbacks {
  /** Every call, the ignored ones included. */
  readonly calls: TaskAnswer[] = [];

  async succeed(taskToken: string, output: unknown): Promise<void> {
    this.calls.push({ taskToken, outcome: 'succeeded', output });
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    this.calls.push({ taskToken, outcome: 'failed', error, cause });
  }

  /** The answer the waiting task got, if any. */
  answerOf(taskToken: string): TaskAnswer | undefined {
    return this.calls.find((call) => call.taskToken === taskToken);
  }
}

/** Executions of one workflow, named by their caller: a name runs once, however often it is started. */
export class MemoryExecutions implements ApprovalWorkflow, HandoverWorkflow, ReviewRuns {
  /** Every start asked for, repeats included. */
  readonly starts: string[] = [];
  private readonly runs = new Map<string, { input?: object; startedAt: string }>();

  constructor(private readonly now: () => Date) {}

  async start(name: string, input?: object): Promise<void> {
    this.starts.push(name);
    if (!this.runs.has(name)) this.runs.set(name, { input, startedAt: this.now().toISOString() });
  }

  async status(name: string) {
    const run = this.runs.get(name);
    return run ? { status: 'RUNNING', startedAt: run.startedAt } : undefined;
  }

  /** The names of the executions that exist, each once. */
  names(): string[] {
    return [...this.runs.keys()];
  }
}

/** The link key ring: a current key, and after `rotate()` the previous one still verifying. */
export class MemoryLinkKeys implements LinkKeyRing {
  private keys: { current: LinkKey; previous?: LinkKey };
  private rotations = 0;

  constructor() {
    this.keys = { current: this.newKey() };
  }

  private newKey(): LinkKey {
    return { id: `key-${++this.rotations}`, secret: randomBytes(48) };
  }

  async current() {
    return this.keys.current;
  }

  async find(id: string) {
    return [this.keys.current, this.keys.previous].find((key) => key?.id === id);
  }

  /** A new current key; the current one becomes the previous one, and the previous one stops verifying. */
  rotate(): void {
    this.keys = { current: this.newKey(), previous: this.keys.current };
  }
}

/** Ids in the order they are made (`apr-000000000001`, …): the entity id alphabet, and a test can predict them. */
export function sequentialIds(): (prefix: string) => string {
  let made = 0;
  return (prefix) => `${prefix}-${(++made).toString(36).padStart(12, '0')}`;
}
