import { randomBytes } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { AwsServiceError } from '../errors.ts';
import { SesAccount, type SesAccountOptions } from './account.ts';

/**
 * SES v2 SendEmail, delivered over SMTP to the local inbox (MailDev), so tests read what a person would
 * receive. Validation follows SES: a sender, at least one recipient (at most 50) and content are required,
 * and malformed addresses are refused with BadRequestException before anything is sent. A valid message then
 * meets the account's limits (`account.ts`: sandbox, 24-hour quota, send rate); GetAccount reports them and
 * GetEmailIdentity the verified identities.
 */
type Request = Record<string, any>;

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const MAX_RECIPIENTS = 50;

const badRequest = (message: string) => new AwsServiceError('BadRequestException', message);

function addresses(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((a) => typeof a !== 'string')) throw badRequest(`${field} must be a list of addresses.`);
  for (const address of value as string[]) {
    // "Name <user@host>" is allowed by SES; check the address part.
    const bare = /<([^>]+)>\s*$/.exec(address)?.[1] ?? address;
    if (!ADDRESS.test(bare)) throw badRequest(`Illegal address: ${JSON.stringify(address)}`);
  }
  return value as string[];
}

export class SesService {
  private readonly transport: Transporter;
  private readonly account: SesAccount;

  constructor(smtp: { host: string; port: number }, account: SesAccountOptions & { region: string }) {
    this.transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
    this.account = new SesAccount(account, account.region);
  }

  /** Routes restJson calls: SendEmail, GetAccount and GetEmailIdentity. */
  async handle(method: string, path: string, body: Request): Promise<unknown> {
    if (method === 'POST' && path === '/v2/email/outbound-emails') return this.sendEmail(body);
    if (method === 'GET' && path === '/v2/email/account') return this.getAccount();
    const identity = /^\/v2\/email\/identities\/([^/]+)$/.exec(path);
    if (method === 'GET' && identity) return this.getEmailIdentity(decodeURIComponent(identity[1]!));
    throw new AwsServiceError('NotFoundException', `${method} ${path} is not supported locally.`, 404);
  }

  private getAccount() {
    const { account } = this;
    return {
      SendQuota: { Max24HourSend: account.max24HourSend, MaxSendRate: account.maxSendRate, SentLast24Hours: account.sentLast24Hours() },
      ProductionAccessEnabled: !account.sandbox,
      SendingEnabled: true,
      EnforcementStatus: 'HEALTHY',
      DedicatedIpAutoWarmupEnabled: false,
    };
  }

  /** Identities are configured, not created (README, "The local cloud"): each is verified for sending. */
  private getEmailIdentity(name: string) {
    const identity = this.account.identity(name);
    if (!identity) throw new AwsServiceError('NotFoundException', `Email identity ${name} does not exist.`, 404);
    return { ...identity, VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS', FeedbackForwardingStatus: true };
  }

  private async sendEmail(request: Request) {
    const content = request.Content ?? {};
    const raw = content.Raw ? Buffer.from(String(content.Raw.Data ?? ''), 'base64') : undefined;
    // SES takes the sender of a raw message from its From header when FromEmailAddress is absent.
    const from = request.FromEmailAddress ?? (raw ? /^From:\s*(.+)$/im.exec(raw.toString('utf8'))?.[1]?.trim() : undefined);
    if (typeof from !== 'string' || from === '') throw badRequest('Missing required field FromEmailAddress.');
    addresses([from], 'FromEmailAddress');
    const destination = request.Destination ?? {};
    const to = addresses(destination.ToAddresses, 'ToAddresses');
    const cc = addresses(destination.CcAddresses, 'CcAddresses');
    const bcc = addresses(destination.BccAddresses, 'BccAddresses');
    const replyTo = addresses(request.ReplyToAddresses, 'ReplyToAddresses');
    const recipients = to.length + cc.length + bcc.length;
    // SES could take Raw recipients from the message headers; locally a Destination is always required.
    if (recipients === 0) throw badRequest('Missing required field Destination.');
    if (recipients > MAX_RECIPIENTS) throw badRequest(`Recipient count exceeds ${MAX_RECIPIENTS}.`);
    if (raw) {
      if (raw.length === 0) throw badRequest('Missing required field Raw.Data.');
    } else {
      if (!content.Simple) throw badRequest('Missing required field Content (Simple or Raw).');
      const { Subject, Body } = content.Simple;
      if (typeof Subject?.Data !== 'string') throw badRequest('Missing required field Subject.');
      if (typeof Body?.Text?.Data !== 'string' && typeof Body?.Html?.Data !== 'string') throw badRequest('Missing required field Body.');
    }
    this.account.admit(from, [...to, ...cc, ...bcc]);
    const messageId = `0100${Date.now().toString(16)}-${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-000000`;
    const envelope = { from: /<([^>]+)>\s*$/.exec(from)?.[1] ?? from, to: [...to, ...cc, ...bcc] };
    if (raw) {
      await this.transport.sendMail({ envelope, raw });
      return { MessageId: messageId };
    }
    const { Subject, Body, Headers } = content.Simple;
    const headers = Object.fromEntries(((Headers ?? []) as { Name: string; Value: string }[]).map((h) => [h.Name, h.Value]));
    await this.transport.sendMail({
      envelope,
      from,
      to,
      cc,
      replyTo,
      subject: Subject.Data,
      text: Body.Text?.Data,
      html: Body.Html?.Data,
      headers: { ...headers, 'X-SES-Message-ID': messageId },
    });
    return { MessageId: messageId };
  }

  close(): void {
    this.transport.close();
  }
}
