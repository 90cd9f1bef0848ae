import type { AuditStore } from '../../core/audit/ports.ts';
import { allPages } from '../../core/paging.ts';

/** How many events the whole trail holds: a check that a refused or idle step wrote no event. */
export const trailLength = async (store: Pick<AuditStore, 'auditEvents'>): Promise<number> => (await allPages((page) => store.auditEvents(page), 1000)).length;
