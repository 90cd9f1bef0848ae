import { eventually } from './clients.ts';

/** A message as MailDev's REST API returns it (the fields tests read). */
export interface InboxMessage {
  id: string;
  subject: string;
  from: { address: string }[];
  to: { address: string }[];
  cc?: { address: string }[];
  text?: string;
  html?: string;
  headers: Record<string, string>;
}

export async function inboxMessages(inboxUrl: string): Promise<InboxMessage[]> {
  const response = await fetch(`${inboxUrl}/api/email`);
  if (!response.ok) throw new Error(`inbox answered ${response.status}`);
  return (await response.json()) as InboxMessage[];
}

/** Waits until a message with this subject has been delivered to the inbox. */
export async function messageWithSubject(inboxUrl: string, subject: string): Promise<InboxMessage> {
  return eventually(async () => (await inboxMessages(inboxUrl)).find((m) => m.subject === subject), `an email "${subject}"`);
}
