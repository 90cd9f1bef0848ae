import { setTimeout as sleep } from 'node:timers/promises';
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Email, Mailer } from '../../core/messaging/email.ts';
import { presentEmail } from '../../core/messaging/email.ts';
import type { Look } from '../../core/messaging/look.ts';
import { MailQuotaExhaustedError, MailThrottledError } from '../../core/errors.ts';

/**
 * How long one email waits, in all, on SES's maximum send rate. The account's rate is shared by every Lambda
 * instance sending at once, so no instance can pace itself to it; each retries instead. 20 s leaves room in a
 * Lambda's default 30 s timeout (the remaining time is not known here). One attempt's own SDK retries (two,
 * under 3 s) come on top of the last wait.
 */
const DEFAULT_RETRY_BUDGET_MS = 20_000;
/** Exponential backoff with full jitter: the n-th wait is uniform in [0, min(cap, base * 2^n)). */
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4_000;

const THROTTLING_NAMES = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException']);

/**
 * Which limit SES refused on, if any. SES v2 answers both with TooManyRequestsException (HTTP 429); only the
 * message tells "Daily message quota exceeded." from "Maximum sending rate exceeded.".
 */
function refusal(error: unknown): 'quota' | 'rate' | undefined {
  if (!(error instanceof Error)) return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (!THROTTLING_NAMES.has(error.name) && status !== 429) return undefined;
  if (/daily message quota exceeded/i.test(error.message)) return 'quota';
  // LimitExceededException is also SES's "too many instances of a resource": a rate only when it says so.
  if (error.name === 'LimitExceededException' && !/sending rate/i.test(error.message)) return undefined;
  return 'rate';
}

/**
 * Sends through SES v2 from the configured sender, within the account's limits: a refusal at the send rate
 * is retried with backoff and jitter for up to `retryBudgetMs`, then raised as MailThrottledError; the
 * 24-hour quota is raised at once as MailQuotaExhaustedError. Errors name no recipient, subject or body
 * (bodies hold approval links).
 */
export class SesMailer implements Mailer {
  constructor(private readonly options: { client: SESv2Client; from: string; look: Look; retryBudgetMs?: number }) {}

  async send(composed: Email) {
    const email = presentEmail(composed, this.options.look);
    const input = {
      FromEmailAddress: this.options.from,
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
        },
      },
    };
    const budget = this.options.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
    const started = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.options.client.send(new SendEmailCommand(input));
        return;
      } catch (error) {
        const limit = refusal(error);
        if (limit === 'quota') throw new MailQuotaExhaustedError('SES refused the email: the account\'s 24-hour sending quota is used up (GetAccount shows SendQuota).', { cause: error });
        if (limit !== 'rate') throw error;
        const wait = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
        const waited = Date.now() - started;
        if (waited + wait > budget) {
          throw new MailThrottledError(`SES refused the email at the account's maximum send rate for ${Math.round(waited / 1000)} s (${attempt + 1} attempts).`, { cause: error });
        }
        await sleep(wait);
      }
    }
  }
}
