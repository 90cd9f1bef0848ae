import * as z from 'zod';
import { isTimeZone, type Look } from '../../core/messaging/look.ts';
import { loadConfig } from './config.ts';

/** The look of emails and link pages, from the environment the catalogue gives every function that sends or shows them. */
export function lookFromEnvironment(env: NodeJS.ProcessEnv = process.env): Look {
  const config = loadConfig(
    {
      COMPANY_NAME: z.string().min(1).max(100).default('Steward'),
      COMPANY_LOGO_URL: z.url({ protocol: /^https$/ }).optional(),
      TIME_ZONE: z.string().refine(isTimeZone, 'an IANA time zone').default('UTC'),
    },
    env,
  );
  return { companyName: config.COMPANY_NAME, logoUrl: config.COMPANY_LOGO_URL, timeZone: config.TIME_ZONE };
}
