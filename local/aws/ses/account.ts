import { AwsServiceError } from '../errors.ts';

/**
 * The sending limits of an SES account, as SES keeps them per account and region
 * (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html): a maximum send rate and a rolling
 * 24-hour quota, both counted in recipients, not messages. A production account commonly starts at 14/s and
 * 50,000 per 24 hours; the sandbox allows 1/s and 200 per 24 hours and only verified recipients
 * (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html).
 */
export const PRODUCTION_LIMITS = { maxSendRate: 14, max24HourSend: 50_000 } as const;
export const SANDBOX_LIMITS = { maxSendRate: 1, max24HourSend: 200 } as const;

/** How the local SES account is set up (`npm start` flags and STEWARD_SES_* variables, LocalCloudOptions). */
export interface SesAccountOptions {
  /** The sandbox: only verified recipients, and the sandbox's limits unless given here. */
  sandbox?: boolean;
  /** Messages (recipients) per second. */
  maxSendRate?: number;
  /** Messages (recipients) per rolling 24 hours; -1 is unlimited, as in SendQuota. */
  max24HourSend?: number;
  /** Verified identities: addresses (`a@example.com`, `Name <a@example.com>`) or domains (`example.com`). */
  verifiedIdentities?: string[];
}

const SECOND_MS = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `user@host` of `Name <user@host>` or of a bare address, lower-cased (SES compares identities without case). */
export const bareAddress = (address: string) => (/<([^>]+)>\s*$/.exec(address)?.[1] ?? address).trim().toLowerCase();

/**
 * SES's refusals once a limit is reached, as the SES v2 API answers them: `TooManyRequestsException`
 * (HTTP 429, the model's error for SendEmail) with "Maximum sending rate exceeded." or "Daily message quota
 * exceeded." (the SES guide's throttling messages; seen on the wire from /v2/email/outbound-emails as
 * `429 {"message":"Maximum sending rate exceeded."}`).
 */
const rateExceeded = () => new AwsServiceError('TooManyRequestsException', 'Maximum sending rate exceeded.', 429);
const quotaExceeded = () => new AwsServiceError('TooManyRequestsException', 'Daily message quota exceeded.', 429);

/**
 * The account's limits and verified identities. The rate is a sliding one-second window, stricter than a
 * token bucket at the same rate: code that stays within it locally stays within it on AWS. As SES does, a
 * message is accepted while at least one recipient is left in the window or the quota, and then counts in
 * full (one to five recipients when one is left goes through; the next ones wait).
 */
export class SesAccount {
  readonly sandbox: boolean;
  readonly maxSendRate: number;
  readonly max24HourSend: number;
  private readonly verified: Set<string>;
  /** Acceptance times (monotonic ms) of each recipient in the last second, oldest first. */
  private readonly lastSecond: number[] = [];
  /** Accepted messages of the last 24 hours: when, and how many recipients. */
  private readonly lastDay: { at: number; recipients: number }[] = [];

  constructor(
    options: SesAccountOptions,
    readonly region: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sandbox = options.sandbox ?? false;
    const defaults = this.sandbox ? SANDBOX_LIMITS : PRODUCTION_LIMITS;
    this.maxSendRate = options.maxSendRate ?? defaults.maxSendRate;
    this.max24HourSend = options.max24HourSend ?? defaults.max24HourSend;
    this.verified = new Set((options.verifiedIdentities ?? []).map(bareAddress).filter((identity) => identity !== ''));
  }

  /** An address is verified as itself or through its domain (exactly that domain: the stricter reading). */
  isVerified(address: string): boolean {
    const bare = bareAddress(address);
    return this.verified.has(bare) || this.verified.has(bare.slice(bare.lastIndexOf('@') + 1));
  }

  identity(name: string): { IdentityType: 'EMAIL_ADDRESS' | 'DOMAIN' } | undefined {
    const bare = bareAddress(name);
    if (!this.verified.has(bare)) return undefined;
    return { IdentityType: bare.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN' };
  }

  /**
   * Accepts a message or refuses it as SES does: in the sandbox, an unverified sender or recipient
   * (MessageRejected, naming them as SES does), then the 24-hour quota, then the rate. An accepted message
   * counts at once, before it is delivered, so concurrent requests cannot all slip through one free slot.
   */
  admit(from: string, recipients: string[]): void {
    if (this.sandbox) {
      const failed = [from, ...recipients].filter((address) => !this.isVerified(address));
      if (failed.length > 0) {
        throw new AwsServiceError('MessageRejected', `Email address is not verified. The following identities failed the check in region ${this.region.toUpperCase()}: ${[...new Set(failed)].join(', ')}`);
      }
    }
    const now = this.now();
    this.prune(now);
    if (this.max24HourSend !== -1 && this.sentLast24Hours() >= this.max24HourSend) throw quotaExceeded();
    if (this.lastSecond.length >= this.maxSendRate) throw rateExceeded();
    for (let i = 0; i < recipients.length; i += 1) this.lastSecond.push(now);
    this.lastDay.push({ at: now, recipients: recipients.length });
  }

  sentLast24Hours(): number {
    this.prune(this.now());
    return this.lastDay.reduce((sum, entry) => sum + entry.recipients, 0);
  }

  private prune(now: number) {
    while (this.lastSecond.length > 0 && this.lastSecond[0]! <= now - SECOND_MS) this.lastSecond.shift();
    while (this.lastDay.length > 0 && this.lastDay[0]!.at <= now - DAY_MS) this.lastDay.shift();
  }
}
