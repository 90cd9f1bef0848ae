import { randomUUID } from 'node:crypto';
import { BadRequestException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, inject, it } from 'vitest';
import { localClients } from '../support/clients.ts';
import { inboxMessages, messageWithSubject } from '../support/inbox.ts';

const cloud = inject('localCloud');
const { ses } = localClients(cloud);

describe('local SES v2', () => {
  it('delivers SendEmail to the inbox over SMTP with subject, recipients, text and HTML', async () => {
    const subject = `Access request ${randomUUID()}`;
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'Steward <steward@example.com>',
        Destination: { ToAddresses: ['owner@example.com'], CcAddresses: ['governance@example.com'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'Plain words' }, Html: { Data: '<p>Rich <b>words</b></p>' } } } },
      }),
    );
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
    await ses.send(new SendEmailCommand({ Destination: { ToAddresses: ['hr@example.com'] }, Content: { Raw: { Data: Buffer.from(raw) } } }));
    expect((await messageWithSubject(cloud.inboxUrl, subject)).text?.trim()).toBe('Raw body');
  });

  it.each([
    ['no sender', { Destination: { ToAddresses: ['a@example.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }],
    ['no recipient', { FromEmailAddress: 's@example.com', Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }],
    ['a malformed address', { FromEmailAddress: 's@example.com', Destination: { ToAddresses: ['not an address'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }],
    ['no body', { FromEmailAddress: 's@example.com', Destination: { ToAddresses: ['a@example.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: {} } } }],
    ['51 recipients', { FromEmailAddress: 's@example.com', Destination: { ToAddresses: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }],
  ])('refuses a message with %s as BadRequestException and sends nothing', async (_, request) => {
    const before = (await inboxMessages(cloud.inboxUrl)).length;
    await expect(ses.send(new SendEmailCommand(request as never))).rejects.toBeInstanceOf(BadRequestException);
    expect((await inboxMessages(cloud.inboxUrl)).length).toBe(before);
  });
});
