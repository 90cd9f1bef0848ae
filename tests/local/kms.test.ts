import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, InvalidKeyUsageException, KMSClient, KMSInvalidSignatureException, NotFoundException, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsNoteSigner } from '../../adapters/kms/note-signer.ts';
import { signCheckpoint, verifyCheckpoint } from '../../core/audit/checkpoint.ts';
import { KmsService } from '../../local/aws/kms/service.ts';
import { credentials } from '../support/clients.ts';
import { standaloneEndpoint } from '../support/endpoint.ts';

/**
 * The KMS twin over the wire, through the SDK's own client: the subset the audit sealer uses (an ECC_NIST_P256
 * signing key, GetPublicKey, Sign, Verify) with KMS's error names, and a checkpoint it signs verified offline
 * with nothing but the public key.
 */
const ALIAS = 'alias/steward-audit-test';
let dataDir: string;
let client: KMSClient;
let keyArn: string;
let stop: () => Promise<void>;

async function startTwin() {
  const kms = new KmsService(dataDir, 'us-east-1', '000000000000');
  const { endpoint, close } = await standaloneEndpoint('test KMS', { kms });
  const kmsClient = new KMSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  return { kms, kmsClient, close: async () => (kmsClient.destroy(), await close()) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'steward-kms-'));
  const twin = await startTwin();
  keyArn = twin.kms.ensureKey(ALIAS, 'audit checkpoints');
  client = twin.kmsClient;
  stop = twin.close;
});

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('the KMS twin', () => {
  it('signs a checkpoint that verifies offline with the public key alone, by key ARN or alias', async () => {
    expect(keyArn).toMatch(/^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/);
    const signer = new KmsNoteSigner({ client, keyId: ALIAS, name: 'steward.example.com/audit' });
    const note = await signCheckpoint({ origin: 'steward.example.com/audit', size: 3, root: Buffer.alloc(32, 7), extensions: ['time 2026-12-03T12:00:00Z'] }, signer);
    const { PublicKey, KeySpec, KeyUsage, SigningAlgorithms, KeyId } = await client.send(new GetPublicKeyCommand({ KeyId: keyArn }));
    expect({ KeySpec, KeyUsage, SigningAlgorithms, KeyId }).toEqual({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'], KeyId: keyArn });
    expect(verifyCheckpoint(note, Buffer.from(PublicKey!), 'steward.example.com/audit')).toMatchObject({ ok: true, checkpoint: { size: 3 } });
    expect(verifyCheckpoint(note.replace('\n3\n', '\n4\n'), Buffer.from(PublicKey!), 'steward.example.com/audit')).toMatchObject({ ok: false });
  });

  it('verifies its signatures and refuses a changed message with KMSInvalidSignatureException', async () => {
    const Message = Buffer.from('a message');
    const { Signature } = await client.send(new SignCommand({ KeyId: ALIAS, Message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect((await client.send(new VerifyCommand({ KeyId: keyArn, Message, Signature, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }))).SignatureValid).toBe(true);
    expect(await failure(client.send(new VerifyCommand({ KeyId: keyArn, Message: Buffer.from('another'), Signature, SigningAlgorithm: 'ECDSA_SHA_256' })))).toBeInstanceOf(KMSInvalidSignatureException);
  });

  it("answers with KMS's errors: an unknown key, another algorithm, a message over 4,096 bytes, a digest", async () => {
    const sign = (input: Partial<ConstructorParameters<typeof SignCommand>[0]>) => failure(client.send(new SignCommand({ KeyId: ALIAS, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256', ...input })));
    expect(await sign({ KeyId: 'alias/nothing-here' })).toBeInstanceOf(NotFoundException);
    expect(await sign({ KeyId: '00000000-0000-0000-0000-000000000000' })).toBeInstanceOf(NotFoundException);
    expect(await sign({ SigningAlgorithm: 'RSASSA_PSS_SHA_256' })).toBeInstanceOf(InvalidKeyUsageException);
    expect(await sign({ Message: Buffer.alloc(4097) })).toMatchObject({ name: 'ValidationException' });
    expect(await sign({ Message: Buffer.alloc(32), MessageType: 'DIGEST' })).toMatchObject({ name: 'ValidationException' });
  });

  it('keeps its key across a restart: the same public key, the same alias', async () => {
    const before = (await client.send(new GetPublicKeyCommand({ KeyId: ALIAS }))).PublicKey;
    await stop();
    const twin = await startTwin();
    client = twin.kmsClient;
    stop = twin.close;
    expect(twin.kms.ensureKey(ALIAS, 'audit checkpoints')).toBe(keyArn);
    expect((await client.send(new GetPublicKeyCommand({ KeyId: ALIAS }))).PublicKey).toEqual(before);
  });
});
