import { randomBytes } from 'node:crypto';
import type { ApiClient } from './client.ts';
import { ApiError } from './client.ts';
import { CliError } from './session.ts';

/**
 * A sample organisation for a first start: a governance team, a security team (approvers of risky
 * requests), regional and central teams, 42 people, 25
 * accounts on 8 platforms, policies and grants, and a few planted problems for the scheduled reviews to find
 * (a departed owner, accounts without a backup owner, a personal recovery email, no 2FA, expired training
 * behind a live grant, an overdue policy review). Deterministic apart from generated passwords.
 */
const teams = ['governance', 'marketing', 'communications', 'support', 'product', 'hr', 'emea', 'apac'] as const;
const firstNames = ['ada', 'grace', 'alan', 'katherine', 'linus', 'margaret', 'dennis', 'barbara', 'ken', 'radia', 'tim', 'frances', 'john', 'hedy', 'edsger', 'annie', 'guido', 'sophie', 'bjarne', 'karen'];
const lastNames = ['lovelace', 'hopper', 'turing', 'johnson', 'torvalds', 'hamilton', 'ritchie', 'liskov', 'thompson', 'perlman', 'berners-lee', 'allen', 'backus', 'lamarr', 'dijkstra', 'easley', 'van-rossum', 'wilson', 'stroustrup', 'sparck-jones'];

const title = (id: string) => id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

interface DemoPerson {
  id: string;
  team: (typeof teams)[number] | 'security';
  managerId?: string;
  trainingExpiresAt: string;
}

function demoPeople(): DemoPerson[] {
  const people: DemoPerson[] = [];
  for (let i = 0; i < 40; i++) {
    const id = `${firstNames[i % 20]}-${lastNames[(i * 7 + Math.floor(i / 20)) % 20]}`;
    const team = teams[i % teams.length]!;
    const lead = people.find((p) => p.team === team);
    people.push({ id, team, managerId: lead?.id, trainingExpiresAt: i % 13 === 5 ? '2026-06-30' : `2027-0${(i % 9) + 1}-15` });
  }
  // Security runs no channels; it is the approval stage for high and critical risk (config/approval-rules.ts).
  people.push({ id: 'whitfield-diffie', team: 'security', trainingExpiresAt: '2027-10-15' }, { id: 'martin-hellman', team: 'security', managerId: 'whitfield-diffie', trainingExpiresAt: '2027-10-15' });
  return people;
}

const platformsUsed = ['x', 'linkedin', 'instagram', 'facebook', 'youtube', 'tiktok', 'bluesky', 'mastodon'] as const;

/** Where the demo's logins also exist: the local cloud's simulated platform, so handovers can rotate them. */
export interface DemoPlatform {
  register(platformAccountId: string, username: string, password: string, passwordApi: boolean): Promise<void>;
}

/** The local cloud's simulated platform, where the demo's logins are registered too. */
export function simulatedPlatform(platformUrl: string): DemoPlatform {
  return {
    register: async (platformAccountId, username, password, passwordApi) => {
      const response = await fetch(`${platformUrl}/accounts/${encodeURIComponent(platformAccountId)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, passwordApi }) });
      if (!response.ok) throw new CliError(`the simulated platform refused ${platformAccountId}: ${response.status}`);
    },
  };
}

/** The demo's governance lead: whoever seeds signs in as them (the first admin of an empty registry). */
export const DEMO_LEAD = 'ada-lovelace';

export async function seedDemo(api: ApiClient, simulated?: DemoPlatform): Promise<string> {
  const people = demoPeople();
  const lead = people[0]!; // the governance team's lead
  try {
    await api.call('GET', '/policies/social-media-policy');
    return 'the demo organisation is already there (its social media policy exists); nothing changed';
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }

  for (const person of people) {
    // The lead may be in the registry already: whoever seeds must be in it to be let in at all.
    await api
      .call('POST', '/people', {
        body: { id: person.id, email: `${person.id}@example.com`, name: title(person.id), team: person.team, ...(person.managerId ? { managerId: person.managerId } : {}), trainingCompletedAt: '2026-01-15', trainingExpiresAt: person.trainingExpiresAt === '2026-06-30' ? '2027-12-31' : person.trainingExpiresAt },
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 409 || person !== lead) throw error;
      });
  }

  const policies = [
    { id: 'social-media-policy', title: 'Social media policy', kind: 'policy', documentVersion: '3.2', reviewCadence: 'annual', nextReviewAt: '2027-03-01', covers: { all: true, platforms: [], teams: [], accountIds: [] } },
    { id: 'brand-guidelines', title: 'Brand guidelines', kind: 'guideline', documentVersion: '2026.1', reviewCadence: 'half-yearly', nextReviewAt: '2027-01-15', covers: { all: true, platforms: [], teams: [], accountIds: [] } },
    { id: 'crisis-communications', title: 'Crisis communications playbook', kind: 'policy', documentVersion: '1.4', reviewCadence: 'annual', nextReviewAt: '2026-09-30', covers: { all: false, platforms: ['x', 'bluesky', 'mastodon'], teams: [], accountIds: [] } },
    { id: 'access-policy', title: 'Account access and credentials', kind: 'policy', documentVersion: '1.1', reviewCadence: 'quarterly', nextReviewAt: '2027-02-01', covers: { all: true, platforms: [], teams: [], accountIds: [] } },
  ];
  // The governance team's other members are asked for comments when a policy is reviewed.
  const reviewerIds = people.filter((p) => p.team === 'governance' && p.id !== lead.id).map((p) => p.id).slice(0, 2);
  for (const policy of policies) await api.call('POST', '/policies', { body: { ...policy, documentUrl: `https://intranet.example.com/policies/${policy.id}`, ownerId: lead.id, reviewerIds } });

  const byTeam = (team: string) => people.filter((p) => p.team === team);
  const accounts: { id: string; handle: string; ownerId: string }[] = [];
  for (let i = 0; i < 25; i++) {
    const platform = platformsUsed[i % platformsUsed.length]!;
    const team = teams[(i % (teams.length - 1)) + 1]!; // every team but governance runs channels
    const members = byTeam(team);
    const owner = members[0]!;
    const backup = i % 9 === 4 ? undefined : members[1]; // planted: some accounts have no backup owner
    const handle = `@acme${team === 'emea' || team === 'apac' ? `_${team}` : ''}_${platform}${i >= platformsUsed.length ? i : ''}`;
    const personalRecovery = i === 6; // planted: recovery email not under company control
    const account = await api.call('POST', '/accounts', {
      body: {
        platform,
        handle,
        platformAccountId: `${platform}-${100000 + i * 7919}`,
        displayName: `ACME ${title(team)} on ${title(platform)}`,
        url: `https://${platform === 'x' ? 'x.com' : `${platform}.example`}/${handle.slice(1)}`,
        scope: team === 'hr' ? 'internal' : 'external',
        purpose: `${title(team)} updates and community replies`,
        team,
        ownerId: owner.id,
        ...(backup ? { backupOwnerId: backup.id } : {}),
        riskTier: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
        policies: [{ policyId: 'social-media-policy', version: '3.2' }, { policyId: 'brand-guidelines', version: '2026.1' }],
        brandKitRef: `https://brand.example.com/kits/${team}`,
        lastBrandAuditAt: i % 5 === 0 ? '2025-10-01' : '2026-09-01',
        // Planted: access lists last recertified long ago (due under every tier's cadence).
        ...(i % 3 === 0 ? { lastRecertifiedAt: '2025-06-01' } : {}),
        platformControl: {
          nativeAdmins: i === 11 ? [{ personId: owner.id, name: title(owner.id) }] : [owner, backup ?? members[2]!].filter(Boolean).map((p) => ({ personId: p!.id, name: title(p!.id) })),
          recoveryEmail: personalRecovery ? { detail: `${owner.id}@gmail.example`, holderId: owner.id, companyControlled: false } : { detail: `social+${team}@example.com`, companyControlled: true },
          recoveryPhone: { detail: 'company switchboard', companyControlled: true },
          twoFactor: i === 15 ? { method: 'none' } : { method: 'security-key', holderId: owner.id },
        },
      },
    });
    accounts.push({ id: account.id, handle, ownerId: owner.id });
    for (const [n, member] of members.slice(1, 4).entries()) {
      // Planted: on every fifth account the viewer's grant expires within the notice period.
      const expiresSoon = n === 2 && i % 5 === 1 ? { expiresAt: new Date(Date.now() + 5 * 86_400_000).toISOString() } : {};
      await api.call('POST', `/accounts/${account.id}/grants`, {
        body: { personId: member.id, role: n === 0 ? 'admin' : n === 1 ? 'publisher' : 'viewer', credentialAccess: n < 2, reason: 'demo: team member runs the channel', ...expiresSoon },
      });
    }
    if (i % 2 === 0) {
      // Upper, lower, digit and symbol whatever the random part: the platforms' password rules.
      const password = `${randomBytes(15).toString('base64url')}-Aa1`;
      await api.call('PUT', `/accounts/${account.id}/credential`, { body: { username: handle.slice(1), password } });
      // Half of them on a platform with a password API; the others need a person when their login rotates.
      await simulated?.register(account.platformAccountId, handle.slice(1), password, i % 4 === 0);
    }
  }

  // Planted problems that need the data above to exist first.
  const expired = people.filter((p) => p.trainingExpiresAt === '2026-06-30');
  for (const person of expired) {
    const current = await api.call('GET', `/people/${person.id}`);
    await api.call('PATCH', `/people/${person.id}`, { body: { trainingExpiresAt: person.trainingExpiresAt }, ifMatch: current.version });
  }
  // A departure, the only way anyone leaves: the handover revokes, hands on and rotates what they knew.
  const leaver = accounts[3]!.ownerId;
  await api.call('POST', '/departures', { body: { personId: leaver } });

  return [
    `seeded ${people.length} people in ${new Set(people.map((p) => p.team)).size} teams, ${policies.length} policies, ${accounts.length} accounts on ${platformsUsed.length} platforms.`,
    `${leaver} (an owner) is leaving: govern departures list shows the handover. Planted for the reviews (govern reviews run): ${expired.length} grant holders' training has expired; grants about to expire; access lists and brand audits overdue; accounts without a backup owner, a personal recovery email, one with no 2FA, one with a single native admin; crisis-communications is overdue for review.`,
    `Try: govern accounts list, govern people show ${people[1]!.id}, govern audit verify`,
  ].join('\n');
}
