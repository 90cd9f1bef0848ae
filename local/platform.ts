import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { readJson, writeFileAtomic } from './files.ts';
import { readBody } from './http.ts';

/**
 * A simulated social platform, so credential rotation is tested against a real login check. Each platform
 * account has a username and a password (stored as a scrypt hash) and may or may not offer a password API:
 * most real platforms do not, and there a person changes the password on the platform's settings page, which
 * this service also serves. Password rules: 16 to 128 characters, with upper and lower case, a digit and a
 * symbol, and none of the characters " ' \ ` or space.
 *
 * JSON API (what a connector calls):
 *   PUT  /accounts/{id}           {username, password, passwordApi?}   provision (the platform's own sign-up)
 *   GET  /accounts/{id}           → {username, passwordApi, changedAt}
 *   POST /accounts/{id}/login     {username, password}                  200 or 401
 *   POST /accounts/{id}/password  {username, currentPassword, newPassword}  200; 401; 403 without a password API; 400 rules
 *   POST /_faults                 {operation: 'login' | 'password', count}   the next `count` calls fail with 503
 * Web (what a person uses): GET /settings/{id} shows a form; POST /settings/{id} changes the password.
 */
interface PlatformAccount {
  username: string;
  salt: string;
  hash: string;
  passwordApi: boolean;
  changedAt: string;
}

export const PASSWORD_RULES = { minLength: 16, maxLength: 128, forbidden: `"'\\\` ` };

export function meetsRules(password: string): boolean {
  return (
    password.length >= PASSWORD_RULES.minLength &&
    password.length <= PASSWORD_RULES.maxLength &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[0-9]/.test(password) &&
    /[^A-Za-z0-9]/.test(password) &&
    ![...PASSWORD_RULES.forbidden].some((c) => password.includes(c))
  );
}

// A light scrypt: the simulated platform shares the local cloud's one event loop, and its hashes guard test data only.
const hashOf = (password: string, salt: string) => scryptSync(password, salt, 32, { N: 1024 }).toString('hex');

export class SimulatedPlatform {
  private readonly statePath: string;
  private accounts: Record<string, PlatformAccount>;
  private readonly faults = new Map<string, number>();

  constructor(dataDir: string) {
    this.statePath = join(dataDir, 'platform', 'accounts.json');
    this.accounts = readJson(this.statePath, {});
  }

  private save() {
    writeFileAtomic(this.statePath, JSON.stringify(this.accounts));
  }

  private set(id: string, username: string, password: string, passwordApi: boolean) {
    const salt = randomBytes(16).toString('hex');
    this.accounts[id] = { username, salt, hash: hashOf(password, salt), passwordApi, changedAt: new Date().toISOString() };
    this.save();
  }

  private checks(id: string, username: unknown, password: unknown): boolean {
    const account = this.accounts[id];
    if (!account || typeof password !== 'string' || username !== account.username) return false;
    return timingSafeEqual(Buffer.from(hashOf(password, account.salt), 'hex'), Buffer.from(account.hash, 'hex'));
  }

  /** A configured fault fires once per call until its count is used up. */
  private faulted(operation: string): boolean {
    const left = this.faults.get(operation) ?? 0;
    if (left <= 0) return false;
    this.faults.set(operation, left - 1);
    return true;
  }

  handler() {
    return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const raw = (await readBody(request, 64 * 1024)).toString('utf8');
      const send = (status: number, body: unknown, type = 'application/json') => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(type === 'application/json' ? JSON.stringify(body) : String(body));
      };
      const json = (): Record<string, unknown> => {
        try {
          return JSON.parse(raw || '{}') as Record<string, unknown>;
        } catch {
          return {};
        }
      };
      if (request.method === 'POST' && url.pathname === '/_faults') {
        const { operation, count } = json();
        this.faults.set(String(operation), Number(count ?? 1));
        return send(200, { operation, count });
      }
      const api = /^\/accounts\/([A-Za-z0-9_.:-]{1,100})(\/login|\/password)?$/.exec(url.pathname);
      if (api) {
        const id = api[1]!;
        const body = json();
        if (request.method === 'PUT' && !api[2]) {
          if (typeof body.username !== 'string' || typeof body.password !== 'string') return send(400, { message: 'username and password are required' });
          this.set(id, body.username, body.password, body.passwordApi === true);
          return send(200, { id });
        }
        const account = this.accounts[id];
        if (!account) return send(404, { message: 'no such account' });
        if (request.method === 'GET' && !api[2]) return send(200, { username: account.username, passwordApi: account.passwordApi, changedAt: account.changedAt });
        if (request.method === 'POST' && api[2] === '/login') {
          if (this.faulted('login')) return send(503, { message: 'try again later' });
          return this.checks(id, body.username, body.password) ? send(200, { ok: true }) : send(401, { ok: false, message: 'wrong username or password' });
        }
        if (request.method === 'POST' && api[2] === '/password') {
          if (this.faulted('password')) return send(503, { message: 'try again later' });
          if (!account.passwordApi) return send(403, { message: 'this platform has no password API; change it in the settings page' });
          if (!this.checks(id, body.username, body.currentPassword)) return send(401, { message: 'wrong current password' });
          if (typeof body.newPassword !== 'string' || !meetsRules(body.newPassword)) return send(400, { message: 'the new password breaks the password rules' });
          this.set(id, account.username, body.newPassword, account.passwordApi);
          return send(200, { ok: true });
        }
      }
      const settings = /^\/settings\/([A-Za-z0-9_.:-]{1,100})$/.exec(url.pathname);
      if (settings) {
        const id = settings[1]!;
        const account = this.accounts[id];
        if (!account) return send(404, 'No such account', 'text/plain');
        if (request.method === 'POST') {
          const form = new URLSearchParams(raw);
          if (!this.checks(id, account.username, form.get('current'))) return send(401, '<h1>Wrong current password</h1>', 'text/html');
          const next = form.get('next') ?? '';
          if (!meetsRules(next)) return send(400, '<h1>The new password breaks the rules</h1>', 'text/html');
          this.set(id, account.username, next, account.passwordApi);
          return send(200, '<h1>Password changed</h1>', 'text/html');
        }
        return send(
          200,
          `<!doctype html><title>Settings</title><h1>Change password of ${id.replace(/[^A-Za-z0-9_.:-]/g, '')}</h1><form method="post"><label>Current <input id="current" name="current" type="password"></label><label>New <input id="next" name="next" type="password"></label><button type="submit">Change</button></form>`,
          'text/html',
        );
      }
      return send(404, { message: 'Not Found' });
    };
  }
}
