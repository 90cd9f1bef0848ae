import { createContext, useContext } from 'react';
import type { ApiClient } from './api.ts';

export interface Session {
  readonly api: ApiClient;
  readonly personId: string;
  /** The roles the API grants (from GET /me: the token's roles, narrowed by the registry). */
  readonly roles: readonly string[];
  readonly companyName: string;
  readonly logoUrl?: string;
  signOut(): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
