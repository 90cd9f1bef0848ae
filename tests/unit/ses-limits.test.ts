import { describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../local/aws/errors.ts';
import { SesAccount } from '../../local/aws/ses/account.ts';
import { InvalidSesOptionError, sesAccountOptions } from '../../local/aws/ses/options.ts';

/** An account on a clock the test moves. */
function account(options: ConstructorParameters<typeof SesAccount>[0]) {
  const clock = { now: 0 };
  return { clock, account: new SesAccount(options, 'us-east-1', () => clock.now) };
}

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AwsServiceError) return { code: error.code, status: error.statusCode, message: error.message };
    throw error;
  }
  return undefined;
};

describe('the local SES account', () => {
  it('accepts at most the send rate within any one second, and again once the second has passed', () => {
    const { clock, account: ses } = account({ maxSendRate: 2 });
    ses.admit('s@example.com', ['a@example.com']);
    clock.now = 600;
    ses.admit('s@example.com', ['b@example.com']);
    clock.now = 999;
    expect(refusal(() => ses.admit('s@example.com', ['c@example.com']))).toEqual({ code: 'TooManyRequestsException', status: 429, message: 'Maximum sending rate exceeded.' });
    clock.now = 1000;
    expect(refusal(() => ses.admit('s@example.com', ['c@example.com']))).toBeUndefined();
    expect(refusal(() => ses.admit('s@example.com', ['d@example.com']))).toMatchObject({ code: 'TooManyRequestsException' });
  });

  it('counts recipients, not messages: one slot left lets a message to five through, and the next ones wait', () => {
    const { clock, account: ses } = account({ maxSendRate: 2 });
    ses.admit('s@example.com', ['a@example.com']);
    ses.admit('s@example.com', ['1@example.com', '2@example.com', '3@example.com', '4@example.com', '5@example.com']);
    clock.now = 500;
    expect(refusal(() => ses.admit('s@example.com', ['b@example.com']))).toMatchObject({ code: 'TooManyRequestsException' });
    expect(ses.sentLast24Hours()).toBe(6);
  });

  it('refuses past the 24-hour quota with the daily message, and frees what ages out of the 24 hours', () => {
    const { clock, account: ses } = account({ max24HourSend: 2 });
    ses.admit('s@example.com', ['a@example.com']);
    clock.now = 60_000;
    ses.admit('s@example.com', ['b@example.com']);
    clock.now = 120_000;
    expect(refusal(() => ses.admit('s@example.com', ['c@example.com']))).toEqual({ code: 'TooManyRequestsException', status: 429, message: 'Daily message quota exceeded.' });
    clock.now = 24 * 60 * 60 * 1000;
    expect(refusal(() => ses.admit('s@example.com', ['c@example.com']))).toBeUndefined();
  });

  it('has no 24-hour limit at -1, as SendQuota means it', () => {
    const { clock, account: ses } = account({ max24HourSend: -1, maxSendRate: 1 });
    for (let i = 0; i < 300; i += 1) {
      clock.now = i * 1000;
      ses.admit('s@example.com', ['a@example.com']);
    }
    expect(ses.sentLast24Hours()).toBe(300);
  });

  it("has the sandbox's limits unless others are given, and a production account's otherwise", () => {
    expect(account({ sandbox: true }).account).toMatchObject({ maxSendRate: 1, max24HourSend: 200 });
    expect(account({ sandbox: true, maxSendRate: 5 }).account).toMatchObject({ maxSendRate: 5, max24HourSend: 200 });
    expect(account({}).account).toMatchObject({ maxSendRate: 14, max24HourSend: 50_000 });
  });

  it('in the sandbox, names every unverified sender and recipient as given, and counts nothing refused', () => {
    const { account: ses } = account({ sandbox: true, verifiedIdentities: ['Steward <steward@steward.local>', 'team.example'] });
    expect(refusal(() => ses.admit('steward@steward.local', ['x@other.example', 'Y <y@sub.team.example>', 'lead@TEAM.example']))).toEqual({
      code: 'MessageRejected',
      status: 400,
      message: 'Email address is not verified. The following identities failed the check in region US-EAST-1: x@other.example, Y <y@sub.team.example>',
    });
    expect(ses.sentLast24Hours()).toBe(0);
  });
});

describe("npm start's SES settings", () => {
  it('reads the STEWARD_SES_* variables, and flags win over them', () => {
    const env = { STEWARD_SES_SANDBOX: '1', STEWARD_SES_MAX_SEND_RATE: '3', STEWARD_SES_MAX_24H_SEND: '-1', STEWARD_SES_VERIFIED_IDENTITIES: ' a@example.com ,example.org,' };
    expect(sesAccountOptions({}, env)).toEqual({ sandbox: true, maxSendRate: 3, max24HourSend: -1, verifiedIdentities: ['a@example.com', 'example.org'] });
    expect(sesAccountOptions({ 'ses-max-send-rate': '7', 'ses-verified-identities': 'b@example.com' }, env)).toMatchObject({ maxSendRate: 7, verifiedIdentities: ['b@example.com'] });
    expect(sesAccountOptions({}, {})).toEqual({ sandbox: false, maxSendRate: undefined, max24HourSend: undefined, verifiedIdentities: [] });
  });

  it.each([
    [{ 'ses-max-send-rate': '0' }, {}],
    [{ 'ses-max-send-rate': '2.5' }, {}],
    [{}, { STEWARD_SES_MAX_24H_SEND: 'lots' }],
    [{}, { STEWARD_SES_SANDBOX: 'yes' }],
  ])('refuses %j %j with a sentence', (values, env) => {
    expect(() => sesAccountOptions(values, env)).toThrow(InvalidSesOptionError);
  });
});
