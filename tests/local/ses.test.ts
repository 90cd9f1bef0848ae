import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  GetAccountCommand,
  GetEmailIdentityCommand,
  MessageRejected,
  NotFoundException,
  SendEmailCommand,
  SESv2Client,
  TooManyRequestsException,
  type SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SesMailer } from '../../adapters/ses/mailer.ts';
import { MailQuotaExhaustedError, MailThrottledError } from '../../core/errors.ts';
import { LOCAL_LOOK as look, LOCAL_MAIL_FROM, type LocalCloudUrls } from '../../local/cloud.ts';
import { assertLoopback, eventually, localClients } from '../support/clients.ts';
import { inboxMessages, messageWithSubject } from '../support/inbox.ts';
import { discardCloud, startOwnCloud, type RunningCloud } from '../support/local-cloud-process.ts';

const cloud = inject('localCloud');
const { ses } = localClients(cloud);

/** A client with the SDK's standard retries (three attempts), as the functions build theirs. */
const standardClient = (urls: LocalCloudUrls) =>
  new SESv2Client({ endpoint: assertLoopback(urls.awsEndpoint), region: urls.region, credentials: { accessKeyId: 'stewardlocal', secretAccessKey: 'stewardlocal' } });

const simple = (from: string, to: string[], subject: string): SendEmailCommandInput => ({
  FromEmailAddress: from,
  Destination: { ToAddresses: to },
  Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'Body' } } } },
});

/**
 * Sends once SES accepts: polls past a refusal at the send rate (the shared cloud's account is also used by
 * every other test file's functions; an own cloud's by the test before). Any other error fails the test.
 */
const sendWithinRate = (client: SESv2Client, input: SendEmailCommandInput) =>
  eventually(async () => {
    try {
      return await client.send(new SendEmailCommand(input));
    } catch (error) {
      if (error instanceof TooManyRequestsException && error.message === 'Maximum sending rate exceeded.') return undefined;
      throw error;
    }
  }, 'SES to accept the message within its send rate');

const subjectsIn = async (inboxUrl: string, prefix: string) => (await inboxMessages(inboxUrl)).map((m) => m.subject).filter((s) => s.startsWith(prefix));

describe('local SES v2', () => {
  it('delivers SendEmail to the inbox over SMTP with subject, recipients, text and HTML', async () => {
    const subject = `Access request ${randomUUID()}`;
    const { MessageId } = await sendWithinRate(ses, {
      FromEmailAddress: 'Steward <steward@example.com>',
      Destination: { ToAddresses: ['owner@example.com'], CcAddresses: ['governance@example.com'] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'Plain words' }, Html: { Data: '<p>Rich <b>words</b></p>' } } } },
    });
    expect(MessageId).toMatch(/^[0-9a-f-]+$/);
    const message = await messageWithSubject(cloud.inboxUrl, subject);
    expect(message.from[0]?.address).toBe('steward@example.com');
    expect(message.to.map((t) => t.address)).toEqual(['owner@example.com']);
    expect(message.cc?.map((t) => t.address)).toEqual(['governance@example.com']);
    expect(message.text?.trim()).toBe('Plain words');
    expect(message.html).toContain('<b>words</b>');
  });

  it('delivers raw MIME messages to the Destination given', async () => {
    const subject = `Raw ${randomUUID()}`;
    const raw = `From: steward@example.com\r\nTo: hr@example.com\r\nSubject: ${subject}\r\nContent-Type: text/plain\r\n\r\nRaw body\r\n`;
    await sendWithinRate(ses, { Destination: { ToAddresses: ['hr@example.com'] }, Content: { Raw: { Data: Buffer.from(raw) } } });
    expect((await messageWithSubject(cloud.inboxUrl, subject)).text?.trim()).toBe('Raw body');
  });

  it.each([
    ['no sender', { Destination: { ToAddresses: ['a@example.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }],
    ['no recipient', { FromEmailAddress: 's@example.com', Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }],
    ['a malformed address', { FromEmailAddress: 's@example.com', Destination: { ToAddresses: ['not an address'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }],
    ['no body', { FromEmailAddress: 's@example.com', Destination: { ToAddresses: ['a@example.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: {} } } }],
    ['51 recipients', { FromEmailAddress: 's@example.com', Destination: { ToAddresses: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }],
  ])('refuses a message with %s as BadRequestException and sends nothing', async (_, request) => {
    // The inbox is shared with test files running beside this one: look for this message, not for a count.
    const subject = `Refused ${randomUUID()}`;
    const refused = { ...request, Content: { Simple: { ...request.Content.Simple, Subject: { Data: subject } } } };
    await expect(ses.send(new SendEmailCommand(refused as never))).rejects.toBeInstanceOf(BadRequestException);
    // A message sent afterwards on the same path has arrived, so a refused one would have too.
    const fence = `Fence ${randomUUID()}`;
    await sendWithinRate(ses, simple(LOCAL_MAIL_FROM, ['fence@example.com'], fence));
    await messageWithSubject(cloud.inboxUrl, fence);
    expect(await subjectsIn(cloud.inboxUrl, subject)).toEqual([]);
  });

  it("reports a production account's quota through GetAccount, counting what was sent", async () => {
    const before = await ses.send(new GetAccountCommand({}));
    await sendWithinRate(ses, simple(LOCAL_MAIL_FROM, ['quota@example.com'], `Quota ${randomUUID()}`));
    const after = await ses.send(new GetAccountCommand({}));
    expect(after).toMatchObject({ ProductionAccessEnabled: true, SendingEnabled: true, SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14 } });
    expect(after.SendQuota!.SentLast24Hours).toBeGreaterThanOrEqual(before.SendQuota!.SentLast24Hours! + 1);
  });
});

/**
 * Limits need an SES account nobody else sends from: three clouds of their own, started together (each
 * start is mostly DynamoDB Local's JVM coming up).
 */
describe('local SES v2 sending limits', () => {
  let production: RunningCloud | undefined;
  let sandbox: RunningCloud | undefined;
  let quota: RunningCloud | undefined;

  beforeAll(async () => {
    const started = await Promise.allSettled([
      startOwnCloud(),
      startOwnCloud(() => ({ STEWARD_SES_SANDBOX: '1', STEWARD_SES_MAX_SEND_RATE: '2', STEWARD_SES_VERIFIED_IDENTITIES: 'owner@example.com, team.example' })),
      // Flags rather than variables, as `npm start -- --ses-max-24h-send 3` takes them.
      startOwnCloud(undefined, ['--ses-max-24h-send', '3']),
    ]);
    [production, sandbox, quota] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  });

  afterAll(async () => {
    await Promise.all([production, sandbox, quota].map(discardCloud));
  });

  it('refuses the 15th message in one second at 14/s with TooManyRequestsException (429), and accepts again a second later', async () => {
    const { ses: client } = localClients(production!.urls);
    const run = `Rate ${randomUUID()}`;
    const results = await Promise.allSettled(Array.from({ length: 15 }, (_, i) => client.send(new SendEmailCommand(simple(LOCAL_MAIL_FROM, [`r${i}@example.com`], `${run} #${i}`)))));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as TooManyRequestsException] : []));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(14);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(TooManyRequestsException);
    expect(refused[0]!.message).toBe('Maximum sending rate exceeded.');
    expect(refused[0]!.$metadata.httpStatusCode).toBe(429);
    expect((await eventually(async () => {
      const delivered = await subjectsIn(production!.urls.inboxUrl, run);
      return delivered.length === 14 ? delivered : undefined;
    }, '14 messages delivered')).length).toBe(14);
    // The refusal holds only for the second: a retry gets through without anyone raising a limit.
    await sendWithinRate(client, simple(LOCAL_MAIL_FROM, ['later@example.com'], `${run} later`));
    expect((await client.send(new GetAccountCommand({}))).SendQuota).toEqual({ Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 15 });
  });

  it("reports the sandbox's account through GetAccount and its verified identities through GetEmailIdentity", async () => {
    const { ses: client } = localClients(sandbox!.urls);
    expect(await client.send(new GetAccountCommand({}))).toMatchObject({ ProductionAccessEnabled: false, SendingEnabled: true, SendQuota: { Max24HourSend: 200, MaxSendRate: 2 } });
    expect(await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'team.example' }))).toMatchObject({ IdentityType: 'DOMAIN', VerifiedForSendingStatus: true });
    expect(await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'steward@steward.local' }))).toMatchObject({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true });
    await expect(client.send(new GetEmailIdentityCommand({ EmailIdentity: 'elsewhere.example' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('in the sandbox, refuses an unverified recipient or sender with MessageRejected and delivers to verified ones', async () => {
    const { ses: client } = localClients(sandbox!.urls);
    const run = `Sandbox ${randomUUID()}`;
    const unverified = client.send(new SendEmailCommand(simple(LOCAL_MAIL_FROM, ['owner@example.com', 'Stranger <stranger@elsewhere.example>'], `${run} refused`)));
    await expect(unverified).rejects.toBeInstanceOf(MessageRejected);
    await expect(unverified).rejects.toMatchObject({
      message: 'Email address is not verified. The following identities failed the check in region US-EAST-1: Stranger <stranger@elsewhere.example>',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new SendEmailCommand(simple('someone@elsewhere.example', ['owner@example.com'], `${run} refused`)))).rejects.toMatchObject({
      name: 'MessageRejected',
      message: 'Email address is not verified. The following identities failed the check in region US-EAST-1: someone@elsewhere.example',
    });
    // A verified address, and any address of a verified domain.
    await sendWithinRate(client, simple(LOCAL_MAIL_FROM, ['Owner <OWNER@example.com>', 'lead@team.example'], `${run} delivered`));
    const delivered = await messageWithSubject(sandbox!.urls.inboxUrl, `${run} delivered`);
    expect(delivered.to.map((t) => t.address.toLowerCase())).toEqual(['owner@example.com', 'lead@team.example']);
    expect(await subjectsIn(sandbox!.urls.inboxUrl, run)).toEqual([`${run} delivered`]);
  });

  it('the mailer delivers a burst of 10 emails at 2/s to the inbox, waiting on the rate instead of failing', async () => {
    const mailer = new SesMailer({ client: standardClient(sandbox!.urls), from: LOCAL_MAIL_FROM, look });
    const run = `Burst ${randomUUID()}`;
    const started = Date.now();
    // The SDK's own three attempts (waits under 3 s) cannot place 10 sends at 2/s (at least 4 s): without
    // the mailer's retries some of these would fail.
    await Promise.all(Array.from({ length: 10 }, (_, i) => mailer.send({ to: `member${i}@team.example`, subject: `${run} #${i}`, text: 'Your review is due.', html: '<p>Your review is due.</p>' })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    const delivered = await eventually(async () => {
      const subjects = await subjectsIn(sandbox!.urls.inboxUrl, run);
      return subjects.length === 10 ? subjects : undefined;
    }, 'all 10 emails delivered');
    expect(delivered.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${run} #${i}`).sort());
  });

  it('the mailer gives up at the rate after its retry budget with MailThrottledError, not retrying for ever', async () => {
    const { ses: client } = localClients(sandbox!.urls); // one request per attempt: the budget alone decides
    const mailer = new SesMailer({ client, from: LOCAL_MAIL_FROM, look, retryBudgetMs: 0 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => mailer.send({ to: `member${i}@team.example`, subject: `Budget ${i}`, text: 't', html: '<p>t</p>' })));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(failures.length).toBeGreaterThanOrEqual(3);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(MailThrottledError);
      expect(failure.cause).toBeInstanceOf(TooManyRequestsException);
    }
  });

  it('the mailer raises an exhausted 24-hour quota as MailQuotaExhaustedError at once, and SES refuses with TooManyRequestsException (429)', async () => {
    const client = standardClient(quota!.urls);
    const mailer = new SesMailer({ client, from: LOCAL_MAIL_FROM, look });
    const email = (i: number) => ({ to: `member${i}@example.com`, subject: `Quota ${i}`, text: 't', html: '<p>t</p>' });
    for (const i of [1, 2, 3]) await mailer.send(email(i));
    const started = Date.now();
    const error = await mailer.send(email(4)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(MailQuotaExhaustedError);
    expect(error!.cause).toMatchObject({ name: 'TooManyRequestsException', message: 'Daily message quota exceeded.', $metadata: { httpStatusCode: 429 } });
    // Only the SDK's own two retries (under 3 s), none of the mailer's 20 s budget.
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await client.send(new GetAccountCommand({}))).SendQuota).toEqual({ Max24HourSend: 3, MaxSendRate: 14, SentLast24Hours: 3 });
  });
});
