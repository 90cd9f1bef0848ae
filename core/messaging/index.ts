/**
 * The messaging pieces every capability uses: composing and sending emails once, signing and verifying links,
 * and link pages.
 */
export { composeEmail } from './email.ts';
export type { Mailer } from './email.ts';
export { signLink, verifyLink } from './links.ts';
export type { LinkClaims, LinkKeyRing } from './links.ts';
export { sendOnce } from './outbox.ts';
export type { OutboxStore } from './outbox.ts';
export type { LinkPage, PageContent, PageField, PageForm } from './pages.ts';
