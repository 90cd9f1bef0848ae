import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Task tokens derived from (execution, task) with an HMAC under a key kept in the data folder. The same task
 * gets the same token after a restart, so a token that was handed out (parked in the registry, or behind an
 * emailed link) stays valid; a token not signed by this key is refused as InvalidToken, as AWS does.
 */
export interface TaskAddress {
  readonly executionArn: string;
  readonly taskKey: string;
}

export class TaskTokens {
  constructor(private readonly key: Buffer) {}

  issue(address: TaskAddress): string {
    const body = Buffer.from(JSON.stringify({ x: address.executionArn, k: address.taskKey })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The address a token names, or undefined when it is malformed or not ours. */
  open(token: string): TaskAddress | undefined {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { x, k } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { x: unknown; k: unknown };
      return typeof x === 'string' && typeof k === 'string' ? { executionArn: x, taskKey: k } : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
