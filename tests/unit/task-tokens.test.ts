import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TaskTokens } from '../../local/aws/step-functions/tokens.ts';

const address = { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e', taskKey: 'Park#abc#1' };

describe('local task tokens', () => {
  it('are the same for the same task across restarts (same key), so emailed links stay valid', () => {
    const key = randomBytes(32);
    expect(new TaskTokens(key).issue(address)).toBe(new TaskTokens(key).issue(address));
    expect(new TaskTokens(key).open(new TaskTokens(key).issue(address))).toEqual(address);
  });

  it('are refused when tampered with, truncated or signed by another key', () => {
    const tokens = new TaskTokens(randomBytes(32));
    const token = tokens.issue(address);
    const [body, signature] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ x: address.executionArn, k: 'Other#1' })).toString('base64url');
    expect(tokens.open(`${forgedBody}.${signature}`)).toBeUndefined();
    expect(tokens.open(`${body}.${signature!.slice(1)}`)).toBeUndefined();
    expect(tokens.open(body!)).toBeUndefined();
    expect(tokens.open(`${token}.extra`)).toBeUndefined();
    expect(new TaskTokens(randomBytes(32)).open(token)).toBeUndefined();
  });
});
