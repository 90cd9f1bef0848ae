import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import type { DepartureCase } from '../../../core/handover/model.ts';
import type { Person } from '../../../core/registry/model.ts';
import { ok } from '../api.ts';
import { DialogFooter } from '../dialogs.tsx';
import { InternalLink, Problem } from '../components.tsx';
import { useLoad, useSubmission } from '../hooks.ts';
import type { PageProps } from '../routes.ts';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import { personStatus } from './people.tsx';

interface Footprint {
  owned: string[];
  backup: string[];
  granted: { accountId: string; grantId: string; role: string; credentialAccess: boolean }[];
  credentialKnown: string[];
}

const accountLinks = (ids: readonly string[]) =>
  ids.length ? (
    <SpaceBetween direction="horizontal" size="xs">
      {ids.map((id) => (
        <InternalLink key={id} href={`/accounts/${encodeURIComponent(id)}`}>{id}</InternalLink>
      ))}
    </SpaceBetween>
  ) : (
    'none'
  );

/** A person and their footprint: what they own, back up, may use, and which logins they know. */
export default function PersonPage({ params }: PageProps) {
  const { api, roles, personId: me } = useSession();
  const personId = params.personId!;
  const mayReadFootprint = personId === me || roles.some((role) => role === 'admin' || role === 'hr' || role === 'auditor');
  const loaded = useLoad(async () => {
    const path = { params: { path: { personId } } };
    const [person, footprint] = await Promise.all([ok(api.GET('/people/{personId}', path)), mayReadFootprint ? ok(api.GET('/people/{personId}/accounts', path)) : undefined]);
    return { person: person as Person, footprint: footprint as Footprint | undefined };
  }, [personId]);
  const [departing, setDeparting] = useState(false);
  if (loaded.state === 'loading') return <Spinner size="large" />;
  if (loaded.state === 'failed') return <Problem title="The person did not load" message={loaded.message} />;
  const { person: p, footprint } = loaded.value;
  const mayStartDeparture = p.status === 'active' && (roles.includes('admin') || roles.includes('hr'));
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={`${p.email} · ${p.team}`} actions={mayStartDeparture && <Button onClick={() => setDeparting(true)}>Start departure</Button>}>
        {p.name}
      </Header>
      <Container header={<Header variant="h2">Person</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Person id', value: p.id },
            { label: 'Status', value: personStatus(p) },
            { label: 'Manager', value: p.managerId ? <InternalLink href={`/people/${encodeURIComponent(p.managerId)}`}>{p.managerId}</InternalLink> : '—' },
            { label: 'Training completed', value: p.trainingCompletedAt ?? '—' },
            { label: 'Training valid until', value: p.trainingExpiresAt ?? 'no current training: no access' },
            { label: 'Roles allowed', value: p.roles?.join(', ') ?? 'any the identity provider gives' },
          ]}
        />
      </Container>
      {footprint && (
        <>
          <Container header={<Header variant="h2" description="What changes hands, and which logins rotate, when this person leaves.">Footprint</Header>}>
            <ColumnLayout columns={3} variant="text-grid">
              <KeyValuePairs items={[{ label: 'Owns', value: accountLinks(footprint.owned) }]} />
              <KeyValuePairs items={[{ label: 'Backs up', value: accountLinks(footprint.backup) }]} />
              <KeyValuePairs items={[{ label: 'Knows the login of', value: accountLinks(footprint.credentialKnown) }]} />
            </ColumnLayout>
          </Container>
          <Table
            header={<Header variant="h2" counter={`(${footprint.granted.length})`}>Grants</Header>}
            items={footprint.granted}
            trackBy="grantId"
            empty={<Box textAlign="center">No live grants.</Box>}
            columnDefinitions={[
              { id: 'account', header: 'Account', cell: (g) => <InternalLink href={`/accounts/${encodeURIComponent(g.accountId)}`}>{g.accountId}</InternalLink> },
              { id: 'role', header: 'Role', cell: (g) => g.role },
              { id: 'login', header: 'Knows the login', cell: (g) => (g.credentialAccess ? 'yes' : 'no') },
            ]}
          />
        </>
      )}
      {departing && <StartDeparture person={p} onClose={() => setDeparting(false)} />}
    </SpaceBetween>
  );
}

/** HR starts the offboarding: the handover runs at the effective time (now if none), and the case page follows it. */
function StartDeparture({ person, onClose }: { person: Person; onClose: () => void }) {
  const { api } = useSession();
  const [successorId, setSuccessorId] = useState('');
  const [day, setDay] = useState('');
  const { outcome, sending, submit } = useSubmission(async () => {
    const body = { personId: person.id, ...(successorId.trim() ? { successorId: successorId.trim() } : {}), ...(day ? { effectiveAt: new Date(`${day}T00:00:00`).toISOString() } : {}) };
    return (await ok(api.POST('/departures', { body }))) as DepartureCase;
  }, 'The departure could not be started; nothing was changed. Try again.');
  return (
    <Modal visible onDismiss={onClose} header={`Start the departure of ${person.name}`} closeAriaLabel="Close the dialog" footer={<DialogFooter done={outcome?.ok} sending={sending} action="Start departure" onAction={submit} onClose={onClose} />}>
      {outcome?.ok ? (
        <Alert type="success" header="Departure started" action={<Button onClick={() => navigate(`/departures/${encodeURIComponent(outcome.value.id)}`)}>Follow the case</Button>}>
          Case {outcome.value.id}: at {new Date(outcome.value.effectiveAt).toLocaleString()} their access is revoked, every login they knew is rotated, and what they own is handed on.
        </Alert>
      ) : (
        <SpaceBetween size="m">
          {outcome && <Alert type="error">{outcome.message}</Alert>}
          <Box>
            From the effective time on, {person.name} can no longer act, nothing new is assigned to them, and the handover runs. Starting it again answers with the same case.
          </Box>
          <FormField label="Successor (person id, optional)" description="Who takes over what they own; without one, each account's backup owner does, else their manager, else the governance team.">
            <Input value={successorId} onChange={({ detail }) => setSuccessorId(detail.value)} />
          </FormField>
          <FormField label="Last day (optional)" description="The handover starts at the beginning of this day in your time zone; empty: now.">
            <DatePicker value={day} placeholder="YYYY/MM/DD" openCalendarAriaLabel={(selected) => `Choose the last day${selected ? `, ${selected}` : ''}`} onChange={({ detail }) => setDay(detail.value)} />
          </FormField>
        </SpaceBetween>
      )}
    </Modal>
  );
}
