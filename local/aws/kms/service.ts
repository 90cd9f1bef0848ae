import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import { readJson, writeFileAtomic } from '../../files.ts';
import { AwsServiceError } from '../errors.ts';

type Request = Record<string, unknown>;

/** One asymmetric signing key as the twin keeps it (the private key never leaves the data folder). */
interface StoredKey {
  keyId: string;
  arn: string;
  description: string;
  createdAt: number;
  privateKeyPem: string;
}

interface KmsState {
  keys: StoredKey[];
  /** `alias/name` → key id. */
  aliases: Record<string, string>;
}

/** KMS's limit on a RAW message to Sign or Verify (the Sign API reference). */
const MAX_RAW_MESSAGE_BYTES = 4096;
const KEY_SPEC = 'ECC_NIST_P256';
const SIGNING_ALGORITHM = 'ECDSA_SHA_256';

/**
 * The subset of KMS the audit sealer uses, on the JSON 1.1 protocol (`X-Amz-Target: TrentService.*`):
 * CreateKey and CreateAlias (the local cloud makes the stack's key at start), DescribeKey, GetPublicKey, Sign
 * and Verify, for ECC_NIST_P256 keys with ECDSA_SHA_256 only. Signatures are DER-encoded ECDSA, as KMS returns
 * them. MessageType DIGEST is refused: Node signs only over its own hash, and Steward signs RAW notes (far
 * under the 4,096-byte limit). Keys are kept in the data folder, so the public key survives a restart.
 */
export class KmsService {
  private readonly path: string;
  private state: KmsState;

  constructor(
    dataDir: string,
    private readonly region: string,
    private readonly accountId: string,
  ) {
    this.path = join(dataDir, 'kms.json');
    this.state = readJson<KmsState>(this.path, { keys: [], aliases: {} });
  }

  /** The key an alias names, made (with the alias) when there is none yet: how the stack's key comes to be locally. */
  ensureKey(alias: string, description: string): string {
    const existing = this.state.aliases[alias];
    if (existing) return this.keyOf(existing).arn;
    const { KeyMetadata } = this.handle('CreateKey', { KeySpec: KEY_SPEC, KeyUsage: 'SIGN_VERIFY', Description: description }) as { KeyMetadata: { KeyId: string; Arn: string } };
    this.handle('CreateAlias', { AliasName: alias, TargetKeyId: KeyMetadata.KeyId });
    return KeyMetadata.Arn;
  }

  /** The ARN of the key a request's KeyId names (id, ARN, alias name or alias ARN), for authorization. */
  arnOf(keyId: unknown): string | undefined {
    try {
      return this.keyOf(keyId).arn;
    } catch {
      return undefined;
    }
  }

  handle(operation: string, request: Request): unknown {
    switch (operation) {
      case 'CreateKey':
        return this.createKey(request);
      case 'CreateAlias':
        return this.createAlias(request);
      case 'DescribeKey':
        return { KeyMetadata: this.metadata(this.keyOf(request.KeyId)) };
      case 'GetPublicKey': {
        const key = this.keyOf(request.KeyId);
        return { KeyId: key.arn, PublicKey: this.publicKeyOf(key).toString('base64'), KeySpec: KEY_SPEC, KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: [SIGNING_ALGORITHM] };
      }
      case 'Sign': {
        const { key, message } = this.signingRequest(request);
        const signature = sign('sha256', message, { key: createPrivateKey(key.privateKeyPem), dsaEncoding: 'der' });
        return { KeyId: key.arn, Signature: signature.toString('base64'), SigningAlgorithm: SIGNING_ALGORITHM };
      }
      case 'Verify': {
        const { key, message } = this.signingRequest(request);
        const signature = blob(request.Signature, 'signature');
        if (!verify('sha256', message, { key: createPublicKey(key.privateKeyPem), dsaEncoding: 'der' }, signature)) throw new AwsServiceError('KMSInvalidSignatureException', '');
        return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: SIGNING_ALGORITHM };
      }
      default:
        throw new AwsServiceError('UnknownOperationException', `Operation ${operation} is not supported locally.`);
    }
  }

  private createKey(request: Request): unknown {
    if (request.KeySpec !== KEY_SPEC || request.KeyUsage !== 'SIGN_VERIFY') throw new AwsServiceError('ValidationException', `The local KMS makes ${KEY_SPEC} SIGN_VERIFY keys only.`);
    const keyId = randomUUID();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key: StoredKey = { keyId, arn: `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`, description: typeof request.Description === 'string' ? request.Description : '', createdAt: Date.now() / 1000, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    this.save({ ...this.state, keys: [...this.state.keys, key] });
    return { KeyMetadata: this.metadata(key) };
  }

  private createAlias(request: Request): unknown {
    const alias = request.AliasName;
    if (typeof alias !== 'string' || !/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(alias) || alias.startsWith('alias/aws/')) throw new AwsServiceError('ValidationException', `Alias ${String(alias)} is not a valid alias name.`);
    if (this.state.aliases[alias]) throw new AwsServiceError('AlreadyExistsException', `An alias with the name arn:aws:kms:${this.region}:${this.accountId}:${alias} already exists`);
    const key = this.keyOf(request.TargetKeyId);
    this.save({ ...this.state, aliases: { ...this.state.aliases, [alias]: key.keyId } });
    return {};
  }

  private signingRequest(request: Request): { key: StoredKey; message: Buffer } {
    const key = this.keyOf(request.KeyId);
    if (request.SigningAlgorithm !== SIGNING_ALGORITHM) throw new AwsServiceError('InvalidKeyUsageException', `The signing algorithm ${String(request.SigningAlgorithm)} is not supported by ${key.arn} (${KEY_SPEC} supports ${SIGNING_ALGORITHM}).`);
    const type = request.MessageType ?? 'RAW';
    if (type !== 'RAW') throw new AwsServiceError('ValidationException', `The local KMS signs MessageType RAW only, not ${String(type)}.`);
    const message = blob(request.Message, 'message');
    if (message.length > MAX_RAW_MESSAGE_BYTES) throw new AwsServiceError('ValidationException', `1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RAW_MESSAGE_BYTES}`);
    return { key, message };
  }

  private keyOf(keyId: unknown): StoredKey {
    if (typeof keyId !== 'string' || keyId === '') throw new AwsServiceError('ValidationException', "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    const aliasName = /^(?:arn:aws:kms:[^:]+:\d{12}:)?(alias\/.+)$/.exec(keyId)?.[1];
    const id = aliasName ? this.state.aliases[aliasName] : /^(?:arn:aws:kms:[^:]+:\d{12}:key\/)?([0-9a-f-]{36})$/.exec(keyId)?.[1];
    const key = this.state.keys.find((k) => k.keyId === id);
    if (!key) throw new AwsServiceError('NotFoundException', aliasName ? `Alias arn:aws:kms:${this.region}:${this.accountId}:${aliasName} is not found.` : `Invalid keyId '${keyId}'`);
    return key;
  }

  private publicKeyOf(key: StoredKey): Buffer {
    return createPublicKey(key.privateKeyPem).export({ type: 'spki', format: 'der' });
  }

  private metadata(key: StoredKey) {
    return {
      AWSAccountId: this.accountId,
      KeyId: key.keyId,
      Arn: key.arn,
      CreationDate: key.createdAt,
      Enabled: true,
      Description: key.description,
      KeyUsage: 'SIGN_VERIFY',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      KeySpec: KEY_SPEC,
      CustomerMasterKeySpec: KEY_SPEC,
      SigningAlgorithms: [SIGNING_ALGORITHM],
      MultiRegion: false,
    };
  }

  private save(next: KmsState): void {
    writeFileAtomic(this.path, JSON.stringify(next));
    this.state = next;
  }
}

/** A blob member as the JSON protocol carries it: base64, at least one byte. */
function blob(value: unknown, member: string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (bytes.length === 0) throw new AwsServiceError('ValidationException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  return bytes;
}
