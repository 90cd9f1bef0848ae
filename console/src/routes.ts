import { lazy, type ComponentType } from 'react';

export type Role = 'admin' | 'owner' | 'approver' | 'auditor' | 'hr' | 'employee';

export interface PageProps {
  params: Record<string, string>;
}

export interface ConsoleRoute {
  /** `/accounts/:accountId` style; matched whole. */
  readonly pattern: string;
  readonly title: string;
  /** Who may open it; the API enforces the same (a page is only a view of what the API allows). */
  readonly roles: readonly Role[] | 'any';
  /** Shown in the side navigation. */
  readonly nav?: true;
  readonly page: ComponentType<PageProps>;
  /** Fetches the page's code; the boot calls it while it asks who is signed in, so the two overlap. */
  readonly preload: () => Promise<unknown>;
}

const everyone = 'any' as const;

/** A page loaded on first use (its own chunk), and its loader for an earlier start. */
const page = (load: () => Promise<{ default: ComponentType<PageProps> }>) => ({ page: lazy(load), preload: load });

/** Every page of the console, declared once: the navigation, the guard and the router read this list. */
export const consoleRoutes: readonly ConsoleRoute[] = [
  { pattern: '/', title: 'Dashboard', roles: ['admin', 'auditor'], nav: true, ...page(() => import('./pages/dashboard.tsx')) },
  { pattern: '/accounts', title: 'Accounts', roles: everyone, nav: true, ...page(() => import('./pages/accounts.tsx')) },
  { pattern: '/accounts/:accountId', title: 'Account', roles: everyone, ...page(() => import('./pages/account.tsx')) },
  { pattern: '/approvals', title: 'Approvals', roles: everyone, nav: true, ...page(() => import('./pages/approvals.tsx')) },
  { pattern: '/approvals/:approvalId', title: 'Request', roles: everyone, ...page(() => import('./pages/approval.tsx')) },
  { pattern: '/people', title: 'People', roles: ['admin', 'hr', 'auditor', 'approver', 'owner'], nav: true, ...page(() => import('./pages/people.tsx')) },
  { pattern: '/people/:personId', title: 'Person', roles: ['admin', 'hr', 'auditor', 'approver', 'owner'], ...page(() => import('./pages/person.tsx')) },
  { pattern: '/departures', title: 'Departures', roles: ['admin', 'hr', 'auditor'], nav: true, ...page(() => import('./pages/departures.tsx')) },
  { pattern: '/departures/:caseId', title: 'Departure', roles: ['admin', 'hr', 'auditor'], ...page(() => import('./pages/departure.tsx')) },
  { pattern: '/reviews', title: 'Reviews', roles: everyone, nav: true, ...page(() => import('./pages/reviews.tsx')) },
  { pattern: '/reviews/:reviewId', title: 'Review', roles: everyone, ...page(() => import('./pages/review.tsx')) },
  { pattern: '/policies', title: 'Policies', roles: everyone, nav: true, ...page(() => import('./pages/policies.tsx')) },
  { pattern: '/policies/:policyId', title: 'Policy', roles: everyone, ...page(() => import('./pages/policy.tsx')) },
  { pattern: '/audit', title: 'Audit trail', roles: ['admin', 'auditor'], nav: true, ...page(() => import('./pages/audit.tsx')) },
];

export function matchRoute(path: string): { route: ConsoleRoute; params: Record<string, string> } | undefined {
  for (const route of consoleRoutes) {
    const names: string[] = [];
    const source = route.pattern.replace(/:(\w+)/g, (_, name: string) => (names.push(name), '([^/]+)'));
    const match = new RegExp(`^${source}/?$`).exec(path);
    if (match) return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)])) };
  }
  return undefined;
}

export const mayOpen = (route: ConsoleRoute, roles: readonly string[]) => route.roles === 'any' || route.roles.some((role) => roles.includes(role));

/** Where a person lands: the dashboard for those who may see it, HR on the people, everyone else on the accounts. */
export const homeFor = (roles: readonly string[]) => (roles.includes('admin') || roles.includes('auditor') ? '/' : roles.includes('hr') ? '/people' : '/accounts');
