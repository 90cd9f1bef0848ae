import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import type { AuditEvent } from '../../../core/audit/model.ts';
import type { Policy } from '../../../core/registry/model.ts';
import type { Review } from '../../../core/reviews/model.ts';
import { everyPage, ok } from '../api.ts';
import { formatDate, InternalLink, Problem } from '../components.tsx';
import { useLoad } from '../hooks.ts';
import type { PageProps } from '../routes.ts';
import { useSession } from '../session.tsx';
import { coverage } from './policies.tsx';
import { reviewStatus } from './reviews.tsx';

/** The document versions a policy has had, read from its audit trail: each change of its document version. */
function versionsOf(events: readonly AuditEvent[]) {
  return events.flatMap((e) => {
    const after = e.after as Partial<Policy> | undefined;
    const before = e.before as Partial<Policy> | undefined;
    return after?.documentVersion && after.documentVersion !== before?.documentVersion ? [{ seq: e.seq, at: e.at, by: e.actor, version: after.documentVersion, url: after.documentUrl }] : [];
  });
}

/** One policy: where it applies, its versions over time, its reviews and the comments they took. */
export default function PolicyPage({ params }: PageProps) {
  const { api, roles } = useSession();
  const policyId = params.policyId!;
  const governs = roles.includes('admin') || roles.includes('auditor');
  const loaded = useLoad(async () => {
    const policy = (await ok(api.GET('/policies/{policyId}', { params: { path: { policyId } } }))) as Policy;
    if (!governs) return { policy, events: [] as AuditEvent[], reviews: [] as Review[] };
    const [events, reviews] = await Promise.all([
      everyPage<AuditEvent>((next) => ok(api.GET('/audit', { params: { query: { entityType: 'policy', entityId: policyId, limit: '100', next } } })), 50),
      ok(api.GET('/reviews', { params: { query: { subjectType: 'policy', subjectId: policyId } } })),
    ]);
    return { policy, events, reviews: (reviews as { items: Review[] }).items };
  }, [policyId, governs]);
  if (loaded.state === 'loading') return <Spinner size="large" />;
  if (loaded.state === 'failed') return <Problem title="The policy did not load" message={loaded.message} />;
  const { policy: p, events, reviews } = loaded.value;
  const comments = reviews.flatMap((r) => (r.comments ?? []).map((c) => ({ ...c, reviewId: r.id })));
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={`${p.kind === 'guideline' ? 'Guideline' : 'Policy'}, version ${p.documentVersion} in force`}>
        {p.title}
      </Header>
      <Container header={<Header variant="h2">In force</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Version', value: p.documentVersion },
            { label: 'Document', value: <Link external href={p.documentUrl}>{p.documentUrl}</Link> },
            { label: 'Applies to', value: coverage(p.covers) },
            { label: 'Owner', value: p.ownerId },
            { label: 'Reviewers', value: p.reviewerIds.length ? p.reviewerIds.join(', ') : 'none named' },
            { label: 'Reviewed', value: `${p.reviewCadence}; next ${p.nextReviewAt}` },
          ]}
        />
      </Container>
      {governs && (
        <>
          <Table
            header={<Header variant="h2">Versions</Header>}
            items={versionsOf(events)}
            trackBy="seq"
            columnDefinitions={[
              { id: 'version', header: 'Version', cell: (v) => v.version },
              { id: 'at', header: 'In force from', cell: (v) => formatDate(v.at) },
              { id: 'by', header: 'Published by', cell: (v) => v.by },
              { id: 'url', header: 'Document', cell: (v) => v.url ?? '—' },
            ]}
            empty={<Box textAlign="center">No version recorded.</Box>}
          />
          <Table
            header={<Header variant="h2">Reviews</Header>}
            items={reviews}
            trackBy="id"
            columnDefinitions={[
              { id: 'review', header: 'Review', cell: (r) => <InternalLink href={`/reviews/${encodeURIComponent(r.id)}`}>{r.id}</InternalLink> },
              { id: 'due', header: 'Deadline', cell: (r) => formatDate(r.dueAt) },
              { id: 'status', header: 'Status', cell: reviewStatus },
              { id: 'outcome', header: 'Outcome', cell: (r) => r.outcome ?? '—' },
            ]}
            empty={<Box textAlign="center">Not reviewed yet.</Box>}
          />
          <Table
            header={<Header variant="h2" counter={`(${comments.length})`}>Comments</Header>}
            items={comments}
            trackBy={(c) => `${c.reviewId}/${c.by}@${c.at}`}
            columnDefinitions={[
              { id: 'by', header: 'By', cell: (c) => c.by },
              { id: 'at', header: 'When', cell: (c) => formatDate(c.at) },
              { id: 'text', header: 'Comment', cell: (c) => c.text },
            ]}
            empty={<Box textAlign="center">No comments.</Box>}
          />
        </>
      )}
    </SpaceBetween>
  );
}
