export interface LocalCloudPorts {
  api: number;
  aws: number;
  dynamodb: number;
  smtp: number;
  inbox: number;
  /** The simulated social platform the credential rotation changes passwords on. */
  platform: number;
  /** The console's origin: the built console, the API under /api, and the development identity provider. */
  console: number;
}

export const defaultPorts: LocalCloudPorts = { api: 4310, aws: 4320, dynamodb: 4330, smtp: 4325, inbox: 4340, platform: 4350, console: 4360 };
