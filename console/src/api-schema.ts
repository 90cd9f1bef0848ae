// Generated from docs/openapi.json by scripts/openapi.ts (npm run openapi); do not edit by hand.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness probe
         * @description Roles: anyone (no token).
         */
        get: operations["GET_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller, their registry record and footprint
         * @description Roles: any role.
         */
        get: operations["GET_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List people (filters: team, status; pages: limit, next)
         * @description Roles: admin, hr, auditor, approver, owner.
         */
        get: operations["GET_people"];
        put?: never;
        /**
         * Add a person
         * @description Roles: admin, hr.
         */
        post: operations["POST_people"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create or update people from HR (1-1000 rows; per-row results)
         * @description Roles: admin, hr.
         */
        post: operations["POST_people_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{personId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a person
         * @description Roles: admin, hr, auditor, approver, owner; anyone for themselves.
         */
        get: operations["GET_people_personId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a person (null clears a field)
         * @description Roles: admin, hr.
         */
        patch: operations["PATCH_people_personId"];
        trace?: never;
    };
    "/people/{personId}/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person's footprint: owned, backed up, granted, logins known
         * @description Roles: admin, hr, auditor; anyone for themselves.
         */
        get: operations["GET_people_personId_accounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{personId}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person's grants
         * @description Roles: admin, hr, auditor; anyone for themselves.
         */
        get: operations["GET_people_personId_grants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List accounts (filters: platform, team, status, riskTier; pages: limit, next)
         * @description Roles: any role.
         */
        get: operations["GET_accounts"];
        put?: never;
        /**
         * Register an official account
         * @description Roles: admin.
         */
        post: operations["POST_accounts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show an account
         * @description Roles: any role.
         */
        get: operations["GET_accounts_accountId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an account (owners: descriptive fields and platform control only)
         * @description Roles: admin; owner of the account.
         */
        patch: operations["PATCH_accounts_accountId"];
        trace?: never;
    };
    "/accounts/{accountId}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retire an account and revoke its grants
         * @description Roles: admin.
         */
        post: operations["POST_accounts_accountId_retire"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{accountId}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's access list
         * @description Roles: admin, auditor; owner of the account.
         */
        get: operations["GET_accounts_accountId_grants"];
        put?: never;
        /**
         * Grant access (needs current training)
         * @description Roles: admin; owner of the account.
         */
        post: operations["POST_accounts_accountId_grants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{accountId}/grants/{grantId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a grant
         * @description Roles: admin; owner of the account.
         */
        post: operations["POST_accounts_accountId_grants_grantId_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{accountId}/credential": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the account's shared login (stored in Secrets Manager; the response holds no value)
         * @description Roles: admin; owner of the account.
         */
        put: operations["PUT_accounts_accountId_credential"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{accountId}/credential/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reveal the shared login (the reason is audited; remembered as an exposure)
         * @description Roles: holder of a live grant with the credential right and current training.
         */
        post: operations["POST_accounts_accountId_credential_reveal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List policies and guidelines
         * @description Roles: any role.
         */
        get: operations["GET_policies"];
        put?: never;
        /**
         * Add a policy or guideline
         * @description Roles: admin.
         */
        post: operations["POST_policies"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies/{policyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a policy
         * @description Roles: any role.
         */
        get: operations["GET_policies_policyId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a policy
         * @description Roles: admin; owner of the policy.
         */
        patch: operations["PATCH_policies_policyId"];
        trace?: never;
    };
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit trail, oldest first, or the events that match a search (pages: limit, next)
         * @description Roles: admin, auditor.
         */
        get: operations["GET_audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recompute every hash chain of the trail (one per subject); names the chain and the first altered, removed, reordered or inserted record (5,000 records per call: a longer trail answers with next, a cursor to pass back as ?cursor=)
         * @description Roles: admin, auditor.
         */
        get: operations["GET_audit_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a role on an account (refused up front without current training, with a live grant, or with the same ask pending); starts its approval
         * @description Roles: any role (an active person).
         */
        post: operations["POST_access_requests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Propose a new official account; created active once approved
         * @description Roles: any role (an active person).
         */
        post: operations["POST_account_requests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/successor-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask a successor to accept accounts handed over to them
         * @description Roles: admin, hr.
         */
        post: operations["POST_successor_requests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Approval requests, newest first (mine=true: asked by me, and awaitingMe: waiting for my decision; filters: status)
         * @description Roles: admin, auditor; anyone with mine=true.
         */
        get: operations["GET_approvals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/approvals/{approvalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A request with its stages, decisions and timeline
         * @description Roles: admin, auditor; its requester and approvers.
         */
        get: operations["GET_approvals_approvalId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/approvals/{approvalId}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw a pending request; its links stop working
         * @description Roles: admin; its requester.
         */
        post: operations["POST_approvals_approvalId_withdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/approvals/{approvalId}/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide the stage a request waits at, as one of its approvers, under the email link's rules (once per approver; not after its deadline, an escalation or a withdrawal)
         * @description Roles: an approver of the current stage.
         */
        post: operations["POST_approvals_approvalId_decisions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/departures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Departure cases, newest first
         * @description Roles: admin, hr, auditor.
         */
        get: operations["GET_departures"];
        put?: never;
        /**
         * Start the offboarding handover of a person (201; the same person again: 200 with the same case)
         * @description Roles: admin, hr.
         */
        post: operations["POST_departures"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/departures/{caseId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A departure case with its per-account results and timings
         * @description Roles: admin, hr, auditor.
         */
        get: operations["GET_departures_caseId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/departures/{caseId}/controls/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a platform-side control (admin, recovery, 2FA) was moved off the leaver
         * @description Roles: admin; the control's new holder.
         */
        post: operations["POST_departures_caseId_controls_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reviews by deadline (filter: status open | completed; pages: limit, next; mine=true: my open reviews, for anyone)
         * @description Roles: admin, auditor; anyone with mine=true.
         */
        get: operations["GET_reviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviews/{reviewId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A review: what it covers, who answers, deadline, reminder, escalation, outcome, comments
         * @description Roles: admin, auditor; its assignee, reviewers and escalation.
         */
        get: operations["GET_reviews_reviewId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviews/{reviewId}/answers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer a review as its assignee, with the fields of its link page's form (recertification: grant:<id> = keep | revoke; brand audit: each check pass | fail, notes; policy: action publish | confirm | comment); the same rules as the link
         * @description Roles: the assignee (any employee may comment on a policy review).
         */
        post: operations["POST_reviews_reviewId_answers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviews/{reviewId}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Comment on a policy under review, until its deadline
         * @description Roles: any role (an active person).
         */
        post: operations["POST_reviews_reviewId_comments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/review-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the scheduled reviews now (all kinds, or those named); 202 with the run id
         * @description Roles: admin.
         */
        post: operations["POST_review_runs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/review-runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Status of a review run (RUNNING, SUCCEEDED, FAILED)
         * @description Roles: admin, auditor.
         */
        get: operations["GET_review_runs_runId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Single points of failure by account (filters: status open | resolved, code, accountId; pages: limit, next)
         * @description Roles: admin, auditor; with accountId, also the account's owner and backup owner.
         */
        get: operations["GET_findings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/kpis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Governance KPIs (ownership, reviews on time, departure to revoked / rotated, login age by tier, training coverage, open single points of failure) as the last review run or digest computed them; fresh=true computes them now
         * @description Roles: admin, auditor.
         */
        get: operations["GET_kpis"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/kpis/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The KPIs as each review run, digest or fresh computation found them, oldest first (the last 90 days unless from; pages: limit, next)
         * @description Roles: admin, auditor.
         */
        get: operations["GET_kpis_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/decide/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Confirmation page of an approval link: what is asked, by whom, earlier decisions, Approve / Reject. Changes nothing.
         * @description Who: the approver the signed link names. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        get: operations["GET_decide_token"];
        put?: never;
        /**
         * Records the approver's decision once; only from the confirmation page (CSRF cookie, same origin)
         * @description Who: the approver the signed link names. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        post: operations["POST_decide_token"];
        delete?: never;
        options?: never;
        /**
         * As GET, without a body (link scanners). Changes nothing.
         * @description Who: anyone. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        head: operations["HEAD_decide_token"];
        patch?: never;
        trace?: never;
    };
    "/handover/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A custodian's task page: which login to change, and a button that shows the pending password once. Changes nothing.
         * @description Who: the custodian the signed link names. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        get: operations["GET_handover_token"];
        put?: never;
        /**
         * action=reveal shows the pending password once (an exposure, audited); action=confirm checks the platform accepts it and resumes the rotation
         * @description Who: the custodian the signed link names. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        post: operations["POST_handover_token"];
        delete?: never;
        options?: never;
        /**
         * As GET, without a body (link scanners). Changes nothing.
         * @description Who: anyone. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        head: operations["HEAD_handover_token"];
        patch?: never;
        trace?: never;
    };
    "/review/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A review page: the access list to recertify, the brand checklist, or the policy to review and comment on. Changes nothing.
         * @description Who: the person the signed link names. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        get: operations["GET_review_token"];
        put?: never;
        /**
         * Answers the review once (recertification: keep or revoke each grant; brand audit: the checklist; policy: publish, confirm or comment); only from its page (CSRF cookie, same origin)
         * @description Who: the person the signed link names. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        post: operations["POST_review_token"];
        delete?: never;
        options?: never;
        /**
         * As GET, without a body (link scanners). Changes nothing.
         * @description Who: anyone. Every outcome is an HTML page; nothing here answers with a stack trace.
         */
        head: operations["HEAD_review_token"];
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    GET_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_people: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
                /** @description Only this team */
                team?: string;
                /** @description active or departed */
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_people: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id: string;
                    /** Format: email */
                    email: string;
                    name: string;
                    managerId?: string;
                    team: string;
                    /** Format: date */
                    trainingCompletedAt?: string;
                    /** Format: date */
                    trainingExpiresAt?: string;
                    roles?: ("admin" | "owner" | "approver" | "auditor" | "hr" | "employee")[];
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_people_import: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    people: {
                        id: string;
                        /** Format: email */
                        email: string;
                        name: string;
                        managerId?: string;
                        team: string;
                        /** Format: date */
                        trainingCompletedAt?: string;
                        /** Format: date */
                        trainingExpiresAt?: string;
                        roles?: ("admin" | "owner" | "approver" | "auditor" | "hr" | "employee")[];
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_people_personId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                personId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    PATCH_people_personId: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                personId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email?: string;
                    name?: string;
                    managerId?: string | null;
                    team?: string;
                    /** @enum {string} */
                    status?: "active" | "departed";
                    trainingCompletedAt?: string | null;
                    trainingExpiresAt?: string | null;
                    roles?: ("admin" | "owner" | "approver" | "auditor" | "hr" | "employee")[] | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_people_personId_accounts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                personId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_people_personId_grants: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                personId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_accounts: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
                /** @description Only this platform */
                platform?: string;
                /** @description Only this team */
                team?: string;
                /** @description requested, active, suspended or retired */
                status?: string;
                /** @description low, medium, high or critical */
                riskTier?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_accounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    platform: "x" | "facebook" | "instagram" | "linkedin" | "youtube" | "tiktok" | "threads" | "bluesky" | "mastodon" | "reddit" | "internal-community" | "other";
                    handle: string;
                    platformAccountId: string;
                    displayName: string;
                    /** Format: uri */
                    url: string;
                    /** @enum {string} */
                    scope: "internal" | "external";
                    purpose: string;
                    team: string;
                    ownerId: string;
                    backupOwnerId?: string;
                    /** @enum {string} */
                    riskTier: "low" | "medium" | "high" | "critical";
                    /**
                     * @default active
                     * @enum {string}
                     */
                    status?: "requested" | "active";
                    /** @default [] */
                    policies?: {
                        policyId: string;
                        version: string;
                    }[];
                    brandKitRef?: string;
                    lastBrandAuditAt?: string;
                    lastRecertifiedAt?: string;
                    /**
                     * @default {
                     *       "nativeAdmins": []
                     *     }
                     */
                    platformControl?: {
                        /** @default [] */
                        nativeAdmins?: {
                            personId?: string;
                            name: string;
                        }[];
                        recoveryEmail?: {
                            holderId?: string;
                            detail?: string;
                            companyControlled: boolean;
                        };
                        recoveryPhone?: {
                            holderId?: string;
                            detail?: string;
                            companyControlled: boolean;
                        };
                        twoFactor?: {
                            /** @enum {string} */
                            method: "none" | "sms" | "totp" | "security-key" | "platform-app";
                            holderId?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_accounts_accountId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    PATCH_accounts_accountId: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    handle?: string;
                    displayName?: string;
                    /** Format: uri */
                    url?: string;
                    /** @enum {string} */
                    scope?: "internal" | "external";
                    purpose?: string;
                    team?: string;
                    ownerId?: string;
                    backupOwnerId?: string | null;
                    /** @enum {string} */
                    riskTier?: "low" | "medium" | "high" | "critical";
                    /** @enum {string} */
                    status?: "active" | "suspended";
                    policies?: {
                        policyId: string;
                        version: string;
                    }[];
                    brandKitRef?: string | null;
                    lastBrandAuditAt?: (string) | null;
                    platformControl?: {
                        /** @default [] */
                        nativeAdmins?: {
                            personId?: string;
                            name: string;
                        }[];
                        recoveryEmail?: {
                            holderId?: string;
                            detail?: string;
                            companyControlled: boolean;
                        };
                        recoveryPhone?: {
                            holderId?: string;
                            detail?: string;
                            companyControlled: boolean;
                        };
                        twoFactor?: {
                            /** @enum {string} */
                            method: "none" | "sms" | "totp" | "security-key" | "platform-app";
                            holderId?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_accounts_accountId_retire: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_accounts_accountId_grants: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_accounts_accountId_grants: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    personId: string;
                    /** @enum {string} */
                    role: "owner" | "admin" | "publisher" | "viewer";
                    /** @default false */
                    credentialAccess?: boolean;
                    /** Format: date-time */
                    expiresAt?: string;
                    reason: string;
                    approvalId?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_accounts_accountId_grants_grantId_revoke: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                accountId: string;
                grantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    PUT_accounts_accountId_credential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username: string;
                    password: string;
                    totpSeed?: string;
                    recoveryCodes?: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_accounts_accountId_credential_reveal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_policies: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_policies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id: string;
                    title: string;
                    /** @enum {string} */
                    kind: "policy" | "guideline";
                    documentVersion: string;
                    /** Format: uri */
                    documentUrl: string;
                    covers: {
                        /** @default false */
                        all?: boolean;
                        /** @default [] */
                        platforms?: ("x" | "facebook" | "instagram" | "linkedin" | "youtube" | "tiktok" | "threads" | "bluesky" | "mastodon" | "reddit" | "internal-community" | "other")[];
                        /** @default [] */
                        teams?: string[];
                        /** @default [] */
                        accountIds?: string[];
                    };
                    reviewCadence: ("quarterly" | "half-yearly" | "annual") | string;
                    ownerId: string;
                    /** @default [] */
                    reviewerIds?: string[];
                    /** Format: date */
                    nextReviewAt: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_policies_policyId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    PATCH_policies_policyId: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                policyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    /** @enum {string} */
                    kind?: "policy" | "guideline";
                    documentVersion?: string;
                    /** Format: uri */
                    documentUrl?: string;
                    covers?: {
                        /** @default false */
                        all?: boolean;
                        /** @default [] */
                        platforms?: ("x" | "facebook" | "instagram" | "linkedin" | "youtube" | "tiktok" | "threads" | "bluesky" | "mastodon" | "reddit" | "internal-community" | "other")[];
                        /** @default [] */
                        teams?: string[];
                        /** @default [] */
                        accountIds?: string[];
                    };
                    reviewCadence?: ("quarterly" | "half-yearly" | "annual") | string;
                    ownerId?: string;
                    /** @default [] */
                    reviewerIds?: string[];
                    /** Format: date */
                    nextReviewAt?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_audit: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
                /** @description With entityId: only events about this entity (account, person, grant, approval…) */
                entityType?: string;
                /** @description With entityType */
                entityId?: string;
                /** @description Only what this person (or steward, or a connection) did */
                actor?: string;
                /** @description Only this action, such as account.updated */
                action?: string;
                /** @description Only events at or after this instant (ISO 8601) */
                from?: string;
                /** @description Only events at or before this instant (ISO 8601) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_audit_verify: {
        parameters: {
            query?: {
                /** @description The `next` cursor of the previous call */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_access_requests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accountId: string;
                    /** @enum {string} */
                    role: "owner" | "admin" | "publisher" | "viewer";
                    /** @default false */
                    credentialAccess?: boolean;
                    reason: string;
                    durationDays?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_account_requests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    account: {
                        /** @enum {string} */
                        platform: "x" | "facebook" | "instagram" | "linkedin" | "youtube" | "tiktok" | "threads" | "bluesky" | "mastodon" | "reddit" | "internal-community" | "other";
                        handle: string;
                        platformAccountId: string;
                        displayName: string;
                        /** Format: uri */
                        url: string;
                        /** @enum {string} */
                        scope: "internal" | "external";
                        purpose: string;
                        team: string;
                        ownerId: string;
                        backupOwnerId?: string;
                        /** @enum {string} */
                        riskTier: "low" | "medium" | "high" | "critical";
                        /** @default [] */
                        policies?: {
                            policyId: string;
                            version: string;
                        }[];
                        brandKitRef?: string;
                        lastBrandAuditAt?: string;
                        lastRecertifiedAt?: string;
                        /**
                         * @default {
                         *       "nativeAdmins": []
                         *     }
                         */
                        platformControl?: {
                            /** @default [] */
                            nativeAdmins?: {
                                personId?: string;
                                name: string;
                            }[];
                            recoveryEmail?: {
                                holderId?: string;
                                detail?: string;
                                companyControlled: boolean;
                            };
                            recoveryPhone?: {
                                holderId?: string;
                                detail?: string;
                                companyControlled: boolean;
                            };
                            twoFactor?: {
                                /** @enum {string} */
                                method: "none" | "sms" | "totp" | "security-key" | "platform-app";
                                holderId?: string;
                            };
                        };
                    };
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_successor_requests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    successorId: string;
                    accountIds: string[];
                    departingPersonId?: string;
                    departureCaseId?: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_approvals: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
                /** @description true: the requests I made, and awaitingMe: those waiting for my decision */
                mine?: string;
                /** @description pending, approved, rejected, expired or withdrawn */
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_approvals_approvalId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                approvalId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_approvals_approvalId_withdraw: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                approvalId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_approvals_approvalId_decisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                approvalId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_departures: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_departures: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    personId: string;
                    successorId?: string;
                    /** Format: date-time */
                    effectiveAt?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_departures_caseId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_departures_caseId_controls_confirm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accountId: string;
                    /** @enum {string} */
                    kind: "native-admin" | "recovery-email" | "recovery-phone" | "two-factor";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_reviews: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
                /** @description open or completed */
                status?: string;
                /** @description true: the open reviews assigned to me, soonest deadline first */
                mine?: string;
                /** @description With subjectId: the reviews of one account or policy, newest first */
                subjectType?: string;
                /** @description With subjectType */
                subjectId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_reviews_reviewId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_reviews_reviewId_answers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    answers: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_reviews_reviewId_comments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Stale version or duplicate; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    POST_review_runs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    kinds?: ("policy" | "recertification" | "brand-audit" | "credential-age" | "grant-expiry" | "training-expiry" | "single-points" | "follow-up" | "stalled-approvals" | "handover-tasks")[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Body over 64 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The registry's rules refuse it (e.g. no current training) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_review_runs_runId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_findings: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
                /** @description open (the default) or resolved */
                status?: string;
                /** @description Only findings of this kind, such as no-backup-owner */
                code?: string;
                /** @description Only this account's findings (one page) */
                accountId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_kpis: {
        parameters: {
            query?: {
                /** @description true: compute them now (admin) instead of the last computed */
                fresh?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_kpis_history: {
        parameters: {
            query?: {
                /** @description Items per page, 1-100 (default 50) */
                limit?: string;
                /** @description The `next` token of the previous page */
                next?: string;
                /** @description Snapshots at or after this instant (ISO 8601) */
                from?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Invalid input; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description No valid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Role or ownership does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                        issues?: {
                            path?: string;
                            message?: string;
                        }[];
                    };
                };
            };
        };
    };
    GET_decide_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page, or what was decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    POST_decide_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    comment?: string;
                    csrf: string;
                };
            };
        };
        responses: {
            /** @description Decision recorded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not posted from the confirmation page (CSRF); nothing changed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Already decided; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    HEAD_decide_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page, or what was decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    GET_handover_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page, or what was decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    POST_handover_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @enum {string} */
                    action: "reveal" | "confirm";
                    csrf: string;
                };
            };
        };
        responses: {
            /** @description Decision recorded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not posted from the confirmation page (CSRF); nothing changed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Already decided; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    HEAD_handover_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page, or what was decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    GET_review_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page, or what was decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    POST_review_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": ({
                    /** @constant */
                    action: "submit";
                } & {
                    [key: string]: "keep" | "revoke";
                }) | {
                    /** @constant */
                    action: "submit";
                    /** @enum {string} */
                    logo: "pass" | "fail";
                    /** @enum {string} */
                    colours: "pass" | "fail";
                    /** @enum {string} */
                    bio: "pass" | "fail";
                    /** @enum {string} */
                    links: "pass" | "fail";
                    /** @enum {string} */
                    handle: "pass" | "fail";
                    notes?: string;
                } | ({
                    /** @constant */
                    action: "comment";
                    comment: string;
                } | {
                    /** @constant */
                    action: "confirm";
                } | {
                    /** @constant */
                    action: "publish";
                    documentVersion: string;
                    /** Format: uri */
                    documentUrl: string;
                });
            };
        };
        responses: {
            /** @description Decision recorded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not posted from the confirmation page (CSRF); nothing changed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Already decided; nothing changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    HEAD_review_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page, or what was decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or unverifiable link, or a malformed form; nothing changed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Expired, replaced by an escalation, or withdrawn; nothing changed */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
}
