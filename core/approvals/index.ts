/**
 * What other capabilities may ask of approvals besides their model and ports: a successor's acceptance
 * request, and taking a leaver off the stages that wait for them.
 */
export { excuseApprover } from './progress.ts';
export { requestSuccessorAcceptance } from './requests.ts';
