import { Suspense, useEffect, useMemo, useState } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import Spinner from '@cloudscape-design/components/spinner';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { apiClient, ok } from './api.ts';
import { currentUser, userManager } from './auth.ts';
import type { ConsoleConfig } from '../../declarations/console.ts';
import { loadConfig } from './config.ts';
import { follow, navigate, useLocation } from './router.ts';
import { consoleRoutes, homeFor, matchRoute, mayOpen } from './routes.ts';
import { SessionContext, type Session } from './session.tsx';
import { Problem } from './components.tsx';
import './layout.css';

type Boot = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'signed-out'; manager: UserManager; config: ConsoleConfig } | { state: 'signed-in'; session: Session };

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  useEffect(() => {
    start().then(setBoot, (error: Error) => setBoot({ state: 'failed', message: error.message }));
  }, []);
  if (boot.state === 'loading') return <Centered><Spinner size="large" /> Loading…</Centered>;
  if (boot.state === 'failed') return <Centered><Problem title="The console could not start" message={boot.message} /></Centered>;
  if (boot.state === 'signed-out') return <SignIn manager={boot.manager} companyName={boot.config.companyName} />;
  return (
    <SessionContext.Provider value={boot.session}>
      <Shell session={boot.session} />
    </SessionContext.Provider>
  );
}

async function start(): Promise<Boot> {
  const config = await loadConfig();
  const manager = userManager(config);
  const user: User | undefined = await currentUser(manager);
  if (!user) return { state: 'signed-out', manager, config };
  let token: string | undefined = user.access_token;
  const api = apiClient(config.apiBase, () => token);
  // The landing page's code downloads while /me answers, not after.
  void matchRoute(window.location.pathname)?.route.preload().catch(() => undefined);
  const me = await ok(api.GET('/me'));
  const principal = (me as { principal: { personId: string; roles: string[] } }).principal;
  const signOut = () => {
    token = undefined;
    void manager.removeUser().then(() => window.location.assign('/'));
  };
  return { state: 'signed-in', session: { api, personId: principal.personId, roles: principal.roles, companyName: config.companyName, logoUrl: config.logoUrl, signOut } };
}

function SignIn({ manager, companyName }: { manager: UserManager; companyName: string }) {
  const returnTo = window.location.pathname + window.location.search;
  return (
    <Centered>
      <Container header={<Header variant="h1">{companyName} · Steward</Header>}>
        <Box margin={{ bottom: 'm' }}>Social media governance: the official accounts, who may use them, approvals, departures and reviews.</Box>
        <Button variant="primary" onClick={() => void manager.signinRedirect({ state: returnTo })}>
          Sign in
        </Button>
      </Container>
    </Centered>
  );
}

function Shell({ session }: { session: Session }) {
  const { path } = useLocation();
  const matched = matchRoute(path);
  const navItems = useMemo(
    () => consoleRoutes.filter((route) => route.nav && mayOpen(route, session.roles)).map((route) => ({ type: 'link' as const, text: route.title, href: route.pattern })),
    [session.roles],
  );
  const landing = path === '/' && !mayOpen(consoleRoutes[0]!, session.roles) ? homeFor(session.roles) : undefined;
  useEffect(() => {
    if (landing) navigate(landing, { replace: true });
  }, [landing]);
  let content;
  if (!matched) content = <Problem title="Not found" message="There is no such page. Use the navigation to find what you were looking for." />;
  else if (!mayOpen(matched.route, session.roles)) content = <Problem title="Not allowed" message={`${matched.route.title} needs one of the roles: ${(matched.route.roles as string[]).join(', ')}. Ask the governance team if you need it.`} />;
  else {
    const Page = matched.route.page;
    content = (
      <Suspense fallback={<Spinner size="large" />}>
        <Page params={matched.params} />
      </Suspense>
    );
  }
  useEffect(() => {
    document.title = `${matched?.route.title ?? 'Not found'} · Steward`;
  }, [matched?.route.title]);
  return (
    <>
      <div id="top-nav">
        <TopNavigation
          identity={{ href: '/', title: `${session.companyName} · Steward`, logo: session.logoUrl ? { src: session.logoUrl, alt: session.companyName } : undefined, onFollow: follow }}
          utilities={[
            { type: 'menu-dropdown', text: session.personId, description: session.roles.join(', '), iconName: 'user-profile', onItemClick: () => session.signOut(), items: [{ id: 'sign-out', text: 'Sign out' }] },
          ]}
        />
      </div>
      <a className="steward-skip" href="#content">
        Skip to the content
      </a>
      <div className="steward-layout">
        <nav className="steward-nav" aria-label="Navigation">
          <SideNavigation activeHref={matched?.route.nav ? matched.route.pattern : `/${path.split('/')[1] ?? ''}`} items={navItems} onFollow={follow} />
        </nav>
        <main className="steward-main" id="content" tabIndex={-1}>
          {content}
        </main>
      </div>
    </>
  );
}

function Centered({ children }: { children: React.ReactNode }) {
  return (
    <Box padding="xxxl" textAlign="center">
      <div style={{ maxWidth: 560, margin: '0 auto', textAlign: 'left' }}>{children}</div>
    </Box>
  );
}
