import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import type { Policy } from '../../../core/registry/model.ts';
import { ok } from '../api.ts';
import { InternalLink } from '../components.tsx';
import { PagedTable } from '../tables.tsx';
import { useSession } from '../session.tsx';

/** Where a policy is in force, in words: everywhere, or the platforms, teams and accounts it names. */
export function coverage(covers: Policy['covers']): string {
  if (covers.all) return 'every account';
  const parts = [
    covers.platforms.length ? `${covers.platforms.join(', ')} accounts` : '',
    covers.teams.length ? `team${covers.teams.length === 1 ? '' : 's'} ${covers.teams.join(', ')}` : '',
    covers.accountIds.length ? `${covers.accountIds.length} named account${covers.accountIds.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'no account yet';
}

/** The policies and brand guidelines, the version in force of each, where it applies and when it is next reviewed. */
export default function PoliciesPage() {
  const { api } = useSession();
  return (
    <PagedTable<Policy>
      what="policies"
      fetchPage={(next) => ok(api.GET('/policies', { params: { query: { limit: '50', next } } }))}
      queryKey="all"
      variant="full-page"
      trackBy="id"
      header={<Header variant="h1" description="Each document's version in force, where it applies and when it is next reviewed.">Policies</Header>}
      empty={<Box textAlign="center">No policies yet. The governance team adds them with govern policies add or the API.</Box>}
      columnDefinitions={[
        { id: 'title', header: 'Policy', cell: (p) => <InternalLink href={`/policies/${encodeURIComponent(p.id)}`}>{p.title}</InternalLink> },
        { id: 'kind', header: 'Kind', cell: (p) => p.kind },
        { id: 'version', header: 'In force', cell: (p) => `version ${p.documentVersion}` },
        { id: 'covers', header: 'Applies to', cell: (p) => coverage(p.covers) },
        { id: 'owner', header: 'Owner', cell: (p) => p.ownerId },
        { id: 'next', header: 'Next review', cell: (p) => p.nextReviewAt },
      ]}
    />
  );
}
