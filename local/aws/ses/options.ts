import type { SesAccountOptions } from './account.ts';

/** `npm start`'s SES flags, for `parseArgs`; each has a STEWARD_SES_* variable (flags win). */
export const sesFlags = {
  'ses-sandbox': { type: 'boolean' },
  'ses-max-send-rate': { type: 'string' },
  'ses-max-24h-send': { type: 'string' },
  'ses-verified-identities': { type: 'string' },
} as const;

export const sesUsage =
  'SES account: [--ses-sandbox] [--ses-max-send-rate N] [--ses-max-24h-send N|-1] [--ses-verified-identities a@x.com,example.org]\n' +
  '  (STEWARD_SES_SANDBOX=1, STEWARD_SES_MAX_SEND_RATE, STEWARD_SES_MAX_24H_SEND, STEWARD_SES_VERIFIED_IDENTITIES)\n';

/** A flag or variable that is not a valid setting; `npm start` prints the message and exits. */
export class InvalidSesOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

type SesFlagValues = { [K in keyof typeof sesFlags]?: (typeof sesFlags)[K]['type'] extends 'boolean' ? boolean : string };

function whole(raw: string | undefined, what: string, allowUnlimited: boolean): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if ((allowUnlimited && value === -1) || (Number.isInteger(value) && value >= 1)) return value;
  throw new InvalidSesOptionError(`${what} must be a whole number of at least 1${allowUnlimited ? ' (or -1, unlimited)' : ''}, got "${raw}"`);
}

/** The SES account the flags and environment describe; unset limits keep the mode's defaults. */
export function sesAccountOptions(values: SesFlagValues, env: NodeJS.ProcessEnv): SesAccountOptions {
  const sandboxVar = env.STEWARD_SES_SANDBOX;
  if (sandboxVar !== undefined && !['', '0', '1', 'true', 'false'].includes(sandboxVar)) {
    throw new InvalidSesOptionError(`STEWARD_SES_SANDBOX must be 1 or 0, got "${sandboxVar}"`);
  }
  const identities = values['ses-verified-identities'] ?? env.STEWARD_SES_VERIFIED_IDENTITIES ?? '';
  return {
    sandbox: values['ses-sandbox'] ?? (sandboxVar === '1' || sandboxVar === 'true'),
    maxSendRate: whole(values['ses-max-send-rate'] ?? env.STEWARD_SES_MAX_SEND_RATE, 'the SES send rate', false),
    max24HourSend: whole(values['ses-max-24h-send'] ?? env.STEWARD_SES_MAX_24H_SEND, 'the SES 24-hour quota', true),
    verifiedIdentities: identities
      .split(',')
      .map((identity) => identity.trim())
      .filter((identity) => identity !== ''),
  };
}
