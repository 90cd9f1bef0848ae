import type { PageForm } from '../messaging/index.ts';
import type { Account, Person } from '../registry/model.ts';
import type { ApprovalRequest, StageState } from './model.ts';

/*
 * What a person reads about a request, on the confirmation page and in emails. Everything a user typed is
 * escaped where it is placed in HTML; the text versions carry it as plain text.
 */

/** Names of the people and accounts a request mentions, looked up once per page or email batch. */
export interface Directory {
  person(id: string): Person | undefined;
  account(id: string): Account | undefined;
}

/** A person as pages and emails name them: `Name (id)`, or the bare id for someone not in the registry. */
export const personLabel = (directory: Directory, id: string) => {
  const person = directory.person(id);
  return person ? `${person.name} (${id})` : id;
};

const accountLabel = (directory: Directory, id: string) => {
  const account = directory.account(id);
  return account ? `${account.displayName}: ${account.platform} ${account.handle} (${id})` : id;
};

const KIND_TITLES: Record<ApprovalRequest['kind'], string> = {
  'access-request': 'Access request',
  'new-account': 'New official account',
  'successor-acceptance': 'Successor acceptance',
};

/** A request's title: its kind and id, as subjects and page titles show it. */
export const requestTitle = (request: ApprovalRequest) => `${KIND_TITLES[request.kind]} ${request.id}`;

/** The request's facts as label/value pairs, in the order a reviewer needs them. */
export function requestFacts(request: ApprovalRequest, directory: Directory): [string, string][] {
  const facts: [string, string][] = [['Requested by', personLabel(directory, request.requesterId)]];
  switch (request.kind) {
    case 'access-request':
      facts.push(
        ['Account', accountLabel(directory, request.accountId)],
        ['Role', request.subject.role],
        ['Shared login', request.subject.credentialAccess ? 'yes: may reveal the password' : 'no'],
        ['For', `${request.subject.durationDays} days`],
      );
      break;
    case 'new-account': {
      const a = request.subject;
      facts.push(['Platform', a.platform], ['Handle', a.handle], ['Display name', a.displayName], ['URL', a.url], ['Team', a.team], ['Owner', personLabel(directory, a.ownerId)], ['Purpose', a.purpose]);
      break;
    }
    case 'successor-acceptance':
      facts.push(['Successor', personLabel(directory, request.subject.successorId)], ['Accounts', request.subject.accountIds.map((id) => accountLabel(directory, id)).join('; ')]);
      if (request.subject.departingPersonId) facts.push(['Handed over by', personLabel(directory, request.subject.departingPersonId)]);
      break;
  }
  facts.push(['Risk tier', request.riskTier], ['Reason', request.reason], ['Requested at', request.createdAt]);
  return facts;
}

/** Every decision so far, stage by stage. */
export function decisionLines(request: ApprovalRequest, directory: Directory): string[] {
  return request.stages.flatMap((stage: StageState) =>
    stage.decisions.map((d) => `${stage.name}: ${d.decision === 'approve' ? 'approved' : 'rejected'} by ${personLabel(directory, d.approverId)} at ${d.at}${d.comment ? `: “${d.comment}”` : ''}`),
  );
}


/** The approve / reject form of an approval link. */
export const decisionForm = (csrf: string, approverLabel: string, stageName: string): PageForm => ({
  csrf,
  heading: 'Your decision',
  intro: `You decide as ${approverLabel} for the stage “${stageName}”. Nothing changes until you press a button.`,
  comment: true,
  buttons: [
    { name: 'decision', value: 'approve', label: 'Approve', style: 'approve' },
    { name: 'decision', value: 'reject', label: 'Reject', style: 'reject' },
  ],
});
