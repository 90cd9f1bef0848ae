import { GetSecretValueCommand, ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LinkKey, LinkKeyRing } from '../../core/messaging/links.ts';

/** Keys are read at most this often; a rotation is seen within this time, and old links keep working meanwhile. */
const CACHE_MS = 5 * 60_000;
/** An unknown key id refreshes the ring at most this often, so forged ids cannot hammer Secrets Manager. */
const MISS_REFRESH_MS = 30_000;

/**
 * The approval-link key ring, read from one Secrets Manager secret: AWSCURRENT signs, AWSPREVIOUS still
 * verifies. A key's id is its secret version id. Rotation (a new version) therefore needs nothing but Secrets
 * Manager: links signed before it keep working until they expire.
 */
export class SecretsManagerLinkKeyRing implements LinkKeyRing {
  private keys?: { current: LinkKey; previous?: LinkKey; readAt: number };
  private loading?: Promise<NonNullable<SecretsManagerLinkKeyRing['keys']>>;

  constructor(private readonly options: { client: SecretsManagerClient; secretId: string; now?: () => number }) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  private async stage(VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<LinkKey | undefined> {
    try {
      const { SecretString, VersionId } = await this.options.client.send(new GetSecretValueCommand({ SecretId: this.options.secretId, VersionStage }));
      if (!SecretString || !VersionId || SecretString.length < 32) throw new Error(`the approval link key (${VersionStage}) is missing or shorter than 32 characters`);
      return { id: VersionId, secret: Buffer.from(SecretString, 'utf8') };
    } catch (error) {
      if (VersionStage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  private load(force = false) {
    if (!force && this.keys && this.now() - this.keys.readAt < CACHE_MS) return Promise.resolve(this.keys);
    this.loading ??= Promise.all([this.stage('AWSCURRENT'), this.stage('AWSPREVIOUS')])
      .then(([current, previous]) => (this.keys = { current: current!, previous, readAt: this.now() }))
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  async current() {
    return (await this.load()).current;
  }

  async find(id: string) {
    const match = (keys: NonNullable<SecretsManagerLinkKeyRing['keys']>) => [keys.current, keys.previous].find((k) => k?.id === id);
    const keys = await this.load();
    const found = match(keys);
    if (found || this.now() - keys.readAt < MISS_REFRESH_MS) return found;
    return match(await this.load(true));
  }
}
