import { useEffect, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import type { Account } from '../../../core/registry/model.ts';
import { platforms, riskTiers } from '../../../core/registry/vocabulary.ts';
import { ok } from '../api.ts';
import { DialogFooter } from '../dialogs.tsx';
import { InternalLink } from '../components.tsx';
import { useSubmission } from '../hooks.ts';
import { useSession } from '../session.tsx';

type FieldName = 'platform' | 'handle' | 'platformAccountId' | 'displayName' | 'url' | 'scope' | 'purpose' | 'team' | 'ownerId' | 'backupOwnerId' | 'riskTier';
type Draft = Partial<Record<FieldName, string>>;

const choices: Partial<Record<FieldName, readonly string[]>> = { platform: platforms, scope: ['external', 'internal'], riskTier: riskTiers };
const labels: Record<FieldName, string> = {
  platform: 'Platform',
  handle: 'Handle',
  platformAccountId: "Platform's account id",
  displayName: 'Display name',
  url: 'Address (https)',
  scope: 'Audience',
  purpose: 'Purpose',
  team: 'Team',
  ownerId: 'Owner (person id)',
  backupOwnerId: 'Backup owner (person id; empty: none)',
  riskTier: 'Risk tier',
};

/** The governance team changes everything; an owner only what describes the account (the API holds the same line). */
const descriptive: readonly FieldName[] = ['handle', 'displayName', 'url', 'purpose'];
const governed: readonly FieldName[] = ['scope', 'team', 'ownerId', 'backupOwnerId', 'riskTier'];
const identity: readonly FieldName[] = ['platform', 'platformAccountId'];

function AccountFields({ names, draft, onChange }: { names: readonly FieldName[]; draft: Draft; onChange: (draft: Draft) => void }) {
  const set = (name: FieldName, value: string) => onChange({ ...draft, [name]: value });
  return (
    <ColumnLayout columns={2}>
      {names.map((name) => {
        const options = choices[name];
        return (
          <FormField key={name} label={labels[name]} stretch={name === 'purpose'}>
            {options ? (
              <Select selectedOption={draft[name] ? { label: draft[name], value: draft[name] } : null} placeholder="Choose" options={options.map((value) => ({ label: value, value }))} onChange={({ detail }) => set(name, detail.selectedOption.value ?? '')} />
            ) : name === 'purpose' ? (
              <Textarea value={draft[name] ?? ''} onChange={({ detail }) => set(name, detail.value)} />
            ) : (
              <Input value={draft[name] ?? ''} onChange={({ detail }) => set(name, detail.value)} />
            )}
          </FormField>
        );
      })}
    </ColumnLayout>
  );
}

const filled = (draft: Draft) => Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined && value.trim() !== '').map(([name, value]) => [name, value!.trim()]));

/** The governance team registers an account at once; anyone else proposes it, and it is created once approved. */
export function RegisterAccount({ onClose }: { onClose: () => void }) {
  const { api, roles, personId } = useSession();
  const registers = roles.includes('admin');
  const [draft, setDraft] = useState<Draft>({ ownerId: personId, scope: 'external', riskTier: 'medium' });
  const [reason, setReason] = useState('');
  const { outcome, sending, submit } = useSubmission(async () => {
    const account = filled(draft);
    if (registers) return { account: (await ok(api.POST('/accounts', { body: account as never }))) as Account };
    return { requestId: ((await ok(api.POST('/account-requests', { body: { account, reason } as never }))) as { id: string }).id };
  }, 'The account could not be sent; nothing was registered. Try again.');
  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      header={registers ? 'Register an official account' : 'Propose an official account'}
      closeAriaLabel="Close the dialog"
      footer={<DialogFooter done={outcome?.ok} sending={sending} action={registers ? 'Register' : 'Send proposal'} disabled={!registers && reason.trim() === ''} onAction={submit} onClose={onClose} />}
    >
      {outcome?.ok ? (
        'account' in outcome.value && outcome.value.account ? (
          <Alert type="success" header="Account registered" action={<InternalLink href={`/accounts/${outcome.value.account.id}`}>Open it</InternalLink>}>{outcome.value.account.handle} is in the registry.</Alert>
        ) : (
          <Alert type="success" header="Proposal sent">Request {outcome.value.requestId} waits for its approvers; the account is created once they approve.</Alert>
        )
      ) : (
        <SpaceBetween size="m">
          {outcome && <Alert type="error">{outcome.message}</Alert>}
          <AccountFields names={[...identity, ...descriptive, ...governed]} draft={draft} onChange={setDraft} />
          {!registers && (
            <FormField label="Why the company needs it" description="The approvers read this.">
              <Textarea value={reason} onChange={({ detail }) => setReason(detail.value)} />
            </FormField>
          )}
        </SpaceBetween>
      )}
    </Modal>
  );
}

/** Changes what the caller may change, on the version they read: a change made meanwhile answers 409 and changes nothing. */
export function EditAccount({ account, onClose }: { account: Account; onClose: (changed: boolean) => void }) {
  const { api, roles } = useSession();
  const names = roles.includes('admin') ? [...descriptive, ...governed] : descriptive;
  const initial: Draft = Object.fromEntries(names.map((name) => [name, String((account as unknown as Record<string, unknown>)[name] ?? '')]));
  const [draft, setDraft] = useState<Draft>(initial);
  const { outcome, sending, submit } = useSubmission(async () => {
    const changes = Object.fromEntries(
      names.filter((name) => (draft[name] ?? '').trim() !== (initial[name] ?? '')).map((name) => [name, name === 'backupOwnerId' && !draft[name]?.trim() ? null : draft[name]!.trim()]),
    );
    return (await ok(api.PATCH('/accounts/{accountId}', { params: { path: { accountId: account.id }, header: { 'If-Match': String(account.version) } }, body: changes as never }))) as Account;
  }, 'The change could not be sent; nothing was changed. Try again.');
  return (
    <Modal visible size="large" onDismiss={() => onClose(outcome?.ok ?? false)} header={`Edit ${account.handle}`} closeAriaLabel="Close the dialog" footer={<DialogFooter done={outcome?.ok} sending={sending} action="Save" onAction={submit} onClose={() => onClose(outcome?.ok ?? false)} />}>
      {outcome?.ok ? (
        <Alert type="success" header="Saved">The account is at version {outcome.value.version}; the audit trail has the change.</Alert>
      ) : (
        <SpaceBetween size="m">
          {outcome && <Alert type="error">{outcome.message}</Alert>}
          <AccountFields names={names} draft={draft} onChange={setDraft} />
        </SpaceBetween>
      )}
    </Modal>
  );
}

export function RetireAccount({ account, onClose }: { account: Account; onClose: (changed: boolean) => void }) {
  const { api } = useSession();
  const [reason, setReason] = useState('');
  const { outcome, sending, submit } = useSubmission(
    async () => (await ok(api.POST('/accounts/{accountId}/retire', { params: { path: { accountId: account.id }, header: { 'If-Match': String(account.version) } }, body: { reason } }))) as Account,
    'The retirement could not be sent; nothing was changed. Try again.',
  );
  return (
    <Modal visible onDismiss={() => onClose(outcome?.ok ?? false)} header={`Retire ${account.handle}`} closeAriaLabel="Close the dialog" footer={<DialogFooter done={outcome?.ok} sending={sending} action="Retire" disabled={reason.trim() === ''} onAction={submit} onClose={() => onClose(outcome?.ok ?? false)} />}>
      {outcome?.ok ? (
        <Alert type="success" header="Retired">The account is retired and every grant on it is revoked.</Alert>
      ) : (
        <SpaceBetween size="m">
          {outcome && <Alert type="error">{outcome.message}</Alert>}
          <Box>Retiring revokes every grant on the account in the same change. It stays in the registry, with its history.</Box>
          <FormField label="Reason">
            <Textarea value={reason} onChange={({ detail }) => setReason(detail.value)} />
          </FormField>
        </SpaceBetween>
      )}
    </Modal>
  );
}

/** How long a revealed login stays on screen before the page forgets it. */
export const REVEAL_SECONDS = 60;

/**
 * Shows the shared login once the caller says why (the reason goes into the audit trail). The value lives only
 * in this dialog's state: hidden and dropped after a minute or on close, never written anywhere else.
 */
export function RevealLogin({ account, onClose }: { account: Account; onClose: () => void }) {
  const { api } = useSession();
  const [reason, setReason] = useState('');
  const [secondsLeft, setSecondsLeft] = useState(REVEAL_SECONDS);
  const { outcome, sending, submit } = useSubmission(
    async () => (await ok(api.POST('/accounts/{accountId}/credential/reveal', { params: { path: { accountId: account.id } }, body: { reason } }))) as { username: string; password: string; totpSeed?: string },
    'The login could not be shown; try again.',
  );
  const shown = outcome?.ok ? outcome.value : undefined;
  useEffect(() => {
    if (!shown) return;
    // Counted from a deadline, not by ticks: a background tab's timers are throttled, the clock is not.
    const hideAt = Date.now() + REVEAL_SECONDS * 1000;
    const timer = setInterval(() => setSecondsLeft(Math.ceil((hideAt - Date.now()) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [shown]);
  useEffect(() => {
    if (secondsLeft <= 0) onClose();
  }, [secondsLeft]);
  return (
    <Modal visible onDismiss={onClose} header={`The login of ${account.handle}`} closeAriaLabel="Close the dialog" footer={<DialogFooter done={Boolean(shown)} sending={sending} action="Show the login" disabled={reason.trim() === ''} onAction={submit} onClose={onClose} />}>
      {shown ? (
        <SpaceBetween size="m">
          <Alert type="warning">This was recorded in the audit trail, with your reason. If you leave the company, this login is changed. It hides itself in {secondsLeft} s; what you copy stays on your clipboard until you copy something else.</Alert>
          <KeyValuePairs
            items={[
              { label: 'Username', value: <CopyToClipboard variant="inline" textToCopy={shown.username} copyButtonAriaLabel="Copy the username" copySuccessText="Username copied" copyErrorText="Could not copy" /> },
              { label: 'Password', value: <CopyToClipboard variant="inline" textToCopy={shown.password} copyButtonAriaLabel="Copy the password" copySuccessText="Password copied" copyErrorText="Could not copy" /> },
            ]}
          />
        </SpaceBetween>
      ) : (
        <SpaceBetween size="m">
          {outcome && !outcome.ok && <Alert type="error">{outcome.message}</Alert>}
          <Box>Seeing the login is recorded: who, when, and why. Everyone who has seen it counts as knowing it, so it changes when they leave.</Box>
          <FormField label="Why you need it now">
            <Input value={reason} onChange={({ detail }) => setReason(detail.value)} />
          </FormField>
        </SpaceBetween>
      )}
    </Modal>
  );
}
