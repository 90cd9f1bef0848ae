import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { NoteSigner } from '../../core/audit/checkpoint.ts';

/**
 * Checkpoints signed by an asymmetric KMS key (ECC_NIST_P256): KMS hashes the note with SHA-256 and signs it
 * (MessageType RAW), so the private key never leaves KMS and only a role allowed `kms:Sign` on the key can
 * sign. The public key is read once per container.
 */
export class KmsNoteSigner implements NoteSigner {
  private spki?: Promise<Buffer>;

  constructor(private readonly options: { client: KMSClient; keyId: string; name: string }) {}

  get name() {
    return this.options.name;
  }

  publicKey(): Promise<Buffer> {
    this.spki ??= this.options.client.send(new GetPublicKeyCommand({ KeyId: this.options.keyId })).then(({ PublicKey }) => Buffer.from(PublicKey!));
    return this.spki;
  }

  async sign(message: Buffer): Promise<Buffer> {
    const { Signature } = await this.options.client.send(new SignCommand({ KeyId: this.options.keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
    return Buffer.from(Signature!);
  }
}
