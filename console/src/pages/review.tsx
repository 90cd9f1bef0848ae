import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import type { Review } from '../../../core/reviews/model.ts';
import { brandCheckLabels, brandChecks } from '../../../core/reviews/vocabulary.ts';
import { ok } from '../api.ts';
import { formatDate, InternalLink, Problem } from '../components.tsx';
import { useLoad, useSubmission } from '../hooks.ts';
import type { PageProps } from '../routes.ts';
import { useSession } from '../session.tsx';
import { reviewKindTitles, reviewStatus } from './reviews.tsx';

/** One review: what it covers, and (to whoever it asks) its answer form, the same fields as its email link's page. */
export default function ReviewPage({ params }: PageProps) {
  const { api, personId } = useSession();
  const reviewId = params.reviewId!;
  const [refreshed, setRefreshed] = useState(0);
  const [recorded, setRecorded] = useState<string>();
  const loaded = useLoad(async () => (await ok(api.GET('/reviews/{reviewId}', { params: { path: { reviewId } } }))) as Review, [reviewId, refreshed]);
  if (loaded.state === 'loading') return <Spinner size="large" />;
  if (loaded.state === 'failed') return <Problem title="The review did not load" message={loaded.message} />;
  const r = loaded.value;
  const answers = r.status === 'open' && (r.assigneeId === personId || r.escalatedTo.includes(personId));
  // The form goes once the review is complete; what was recorded stays said.
  const answered = (message: string) => {
    setRecorded(message);
    setRefreshed((n) => n + 1);
  };
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={`Of ${r.subjectType} ${r.subjectId}`}>
        {reviewKindTitles[r.kind]}
      </Header>
      {recorded && <Alert type="success" header="Recorded">{recorded}</Alert>}
      <Container header={<Header variant="h2">Review</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Status', value: reviewStatus(r) },
            { label: 'Subject', value: <InternalLink href={`/${r.subjectType === 'account' ? 'accounts' : 'policies'}/${encodeURIComponent(r.subjectId)}`}>{r.subjectId}</InternalLink> },
            { label: 'Answered by', value: [r.assigneeId, ...r.escalatedTo].join(', ') },
            { label: 'Deadline', value: formatDate(r.dueAt) },
            { label: 'Reminded', value: formatDate(r.remindedAt) },
            { label: 'Escalated', value: formatDate(r.escalatedAt) },
            { label: 'Outcome', value: r.outcome ? `${r.outcome} (${r.completedBy}, ${formatDate(r.completedAt)})` : 'not answered yet' },
          ]}
        />
      </Container>
      {answers && r.kind === 'recertification' && <Recertify review={r} onAnswered={answered} />}
      {answers && r.kind === 'brand-audit' && <BrandAudit review={r} onAnswered={answered} />}
      {r.kind === 'policy' && <PolicyReview review={r} answers={answers} onAnswered={answered} />}
      {r.kind === 'credential-age' && <Box>The login is being rotated; nothing is asked of anyone here.</Box>}
    </SpaceBetween>
  );
}

/** Sends the form's fields by name to the API, which checks them as the link page does; the answer's message shows. */
function useAnswer(reviewId: string, onAnswered: (message: string) => void) {
  const { api } = useSession();
  return useSubmission(async (answers: Record<string, string>) => {
    const { message } = (await ok(api.POST('/reviews/{reviewId}/answers', { params: { path: { reviewId } }, body: { answers } }))) as { message: string };
    onAnswered(message);
    return message;
  }, 'The answer could not be sent; nothing was changed. Try again.');
}

/** A refusal, said where the form is (what was recorded is said by the page). */
const Refused = ({ outcome }: { outcome: ReturnType<typeof useAnswer>['outcome'] }) => (outcome && !outcome.ok ? <Alert type="error">{outcome.message}</Alert> : null);

function Recertify({ review, onAnswered }: { review: Review; onAnswered: (message: string) => void }) {
  const grants = review.grants ?? [];
  const [decisions, setDecisions] = useState<Record<string, string>>({});
  const { outcome, sending, submit } = useAnswer(review.id, onAnswered);
  const complete = grants.every((g) => decisions[g.grantId]);
  return (
    <Container header={<Header variant="h2" description="Keep whoever still needs access; revoke the rest. A revoked person who knew the shared login has it rotated.">The access list</Header>}>
      <SpaceBetween size="m">
        <Refused outcome={outcome} />
        {grants.length === 0 && <Box>Nobody holds a grant on this account. Confirm that this is right.</Box>}
        {grants.map((g) => (
          <FormField key={g.grantId} label={`${g.personId}: ${g.role}${g.credentialAccess ? ', may reveal the shared login' : ''}${g.expiresAt ? `, until ${formatDate(g.expiresAt)}` : ''}`}>
            <RadioGroup value={decisions[g.grantId] ?? null} onChange={({ detail }) => setDecisions((d) => ({ ...d, [g.grantId]: detail.value }))} items={[{ value: 'keep', label: 'Keep' }, { value: 'revoke', label: 'Revoke' }]} />
          </FormField>
        ))}
        <Button variant="primary" loading={sending} disabled={!complete} onClick={() => void submit({ action: 'submit', ...Object.fromEntries(grants.map((g) => [`grant:${g.grantId}`, decisions[g.grantId]!])) })}>
          Confirm the access list
        </Button>
      </SpaceBetween>
    </Container>
  );
}

function BrandAudit({ review, onAnswered }: { review: Review; onAnswered: (message: string) => void }) {
  const [checks, setChecks] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState('');
  const { outcome, sending, submit } = useAnswer(review.id, onAnswered);
  return (
    <Container header={<Header variant="h2" description="Open the account on the platform and check each point against the brand kit.">Checklist</Header>}>
      <SpaceBetween size="m">
        <Refused outcome={outcome} />
        {brandChecks.map((check) => (
          <FormField key={check} label={brandCheckLabels[check]}>
            <RadioGroup value={checks[check] ?? null} onChange={({ detail }) => setChecks((c) => ({ ...c, [check]: detail.value }))} items={[{ value: 'pass', label: 'Yes' }, { value: 'fail', label: 'No' }]} />
          </FormField>
        ))}
        <FormField label="Findings (what is wrong, what was fixed)">
          <Textarea value={notes} onChange={({ detail }) => setNotes(detail.value)} />
        </FormField>
        <Button variant="primary" loading={sending} disabled={brandChecks.some((check) => !checks[check])} onClick={() => void submit({ action: 'submit', ...checks, ...(notes.trim() ? { notes } : {}) })}>
          Record the audit
        </Button>
      </SpaceBetween>
    </Container>
  );
}

function PolicyReview({ review, answers, onAnswered }: { review: Review; answers: boolean; onAnswered: (message: string) => void }) {
  const [comment, setComment] = useState('');
  const [documentVersion, setDocumentVersion] = useState('');
  const [documentUrl, setDocumentUrl] = useState('');
  const { outcome, sending, submit } = useAnswer(review.id, (message) => {
    setComment('');
    onAnswered(message);
  });
  const commentsOpen = review.status === 'open' && new Date().toISOString() < review.dueAt;
  return (
    <SpaceBetween size="l">
      <Table
        header={<Header variant="h2" counter={`(${review.comments?.length ?? 0})`}>Comments</Header>}
        items={review.comments ?? []}
        trackBy={(c) => `${c.by}@${c.at}`}
        columnDefinitions={[
          { id: 'by', header: 'By', cell: (c) => c.by },
          { id: 'at', header: 'When', cell: (c) => formatDate(c.at) },
          { id: 'text', header: 'Comment', cell: (c) => c.text },
        ]}
        empty={<Box textAlign="center">No comments yet.</Box>}
      />
      {(commentsOpen || answers) && (
        <Container header={<Header variant="h2">{answers ? 'Close the review' : 'Comment'}</Header>}>
          <SpaceBetween size="m">
            <Refused outcome={outcome} />
            {commentsOpen && (
              <FormField label="Your comment" secondaryControl={<Button loading={sending} disabled={!comment.trim()} onClick={() => void submit({ action: 'comment', comment })}>Send the comment</Button>}>
                <Textarea value={comment} onChange={({ detail }) => setComment(detail.value)} />
              </FormField>
            )}
            {answers && (
              <>
                <Box>Publish a new version (its number and where to read it), or confirm the current one stays in force. Either closes the review; the next one is scheduled by the document's cadence.</Box>
                <FormField label="New version (to publish)">
                  <Input value={documentVersion} onChange={({ detail }) => setDocumentVersion(detail.value)} />
                </FormField>
                <FormField label="Where the new version is published (https://…)">
                  <Input value={documentUrl} onChange={({ detail }) => setDocumentUrl(detail.value)} />
                </FormField>
                <SpaceBetween direction="horizontal" size="xs">
                  <Button variant="primary" loading={sending} disabled={!documentVersion.trim() || !documentUrl.trim()} onClick={() => void submit({ action: 'publish', documentVersion, documentUrl })}>Publish the new version</Button>
                  <Button loading={sending} onClick={() => void submit({ action: 'confirm' })}>Confirm the current version</Button>
                </SpaceBetween>
              </>
            )}
          </SpaceBetween>
        </Container>
      )}
    </SpaceBetween>
  );
}
