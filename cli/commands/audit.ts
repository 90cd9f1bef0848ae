import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { Command } from 'commander';
import { S3EvidenceReader } from '../../adapters/s3/evidence-store.ts';
import { exportOfLog, proofOf, readSealedLog } from '../../core/audit/evidence-export.ts';
import { exportLines } from '../../core/audit/export.ts';
import { auditEvidence } from '../../declarations/audit.ts';
import { CliError, localCloud } from '../session.ts';
import { printJson, printTable } from '../format.ts';
import { all, emit, json, type CliContext } from './shared.ts';

/** `govern audit`: the hash-chained audit trail. */
export function addAuditCommands(program: Command, cli: CliContext): void {
  const audit = program.command('audit').description('the hash-chained audit trail');
  audit
    .command('list')
    .option('--limit <n>', 'most recent n events', '50')
    .addOption(json)
    .action(async (o) => {
      const items = await all(cli, '/audit', {});
      const recent = items.slice(-Number(o.limit));
      emit(o.json, recent, () => printTable(recent, ['seq', 'at', 'actor', 'action', 'entityType', 'entityId', 'reason']));
    });
  audit
    .command('verify')
    .addOption(json)
    .action(async (o) => {
      // A long trail is checked over several calls, each carrying on where the last stopped.
      let verdict = await cli.api().call('GET', '/audit/verify');
      while (verdict.ok && verdict.next) verdict = await cli.api().call('GET', '/audit/verify', { query: { cursor: verdict.next } });
      if (o.json) printJson(verdict);
      else if (verdict.ok) {
        process.stdout.write(`audit trail intact: ${verdict.events} events in ${verdict.chains} chains\n`);
        const sealed = verdict.sealed;
        if (sealed) process.stdout.write(`sealed: ${sealed.logSize} events in ${sealed.checkpoints} signed checkpoints${sealed.lastCheckpointAt ? `, the last at ${sealed.lastCheckpointAt}` : ''}; ${sealed.unsealed} not yet in a checkpoint\n`);
      }
      else process.stdout.write(`AUDIT TRAIL BROKEN in ${verdict.chain} at record ${verdict.firstBadSeq} (${verdict.problem}): ${verdict.detail}\n`);
      if (!verdict.ok) process.exitCode = 3;
    });
  const evidence = (o: { bucket?: string; key?: string; origin?: string }) => ({ bucket: o.bucket, key: o.key, origin: o.origin });
  audit
    .command('export')
    .description('the sealed events of a time range, with the signed checkpoint and the proofs an auditor checks offline (steward-audit-verify)')
    .option('--from <instant>', 'events from this time (ISO 8601)')
    .option('--to <instant>', 'events up to this time (ISO 8601)')
    .requiredOption('--out <file>', 'where the JSON Lines go')
    .option('--public-key-out <file>', 'also write the signing key (PEM) the verifier needs')
    .option('--bucket <name>', "the evidence bucket (the stack's AuditEvidenceBucket; the local cloud's by default)")
    .option('--key <arn>', "the signing key (the stack's AuditSigningKeyArn)")
    .option('--origin <name>', "the log's name in its checkpoints")
    .action(async (o) => {
      const log = await sealedLog(cli, evidence(o));
      for (const [name, value] of [['--from', o.from], ['--to', o.to]] as const) if (value !== undefined && Number.isNaN(Date.parse(value))) throw new CliError(`${name} must be an ISO 8601 time`);
      const { parts, events } = exportOfLog(log, log.origin, { from: o.from && new Date(o.from).toISOString(), to: o.to && new Date(o.to).toISOString() });
      const out = createWriteStream(o.out, { mode: 0o600 });
      for await (const line of exportLines(parts, events)) if (!out.write(line)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
      if (o.publicKeyOut) createWriteStream(o.publicKeyOut).end(log.publicKeyPem);
      process.stdout.write(`exported ${events.length} sealed events (log indexes ${parts.from} to ${parts.to}) against the signed checkpoint of ${parts.logSize} to ${o.out}\n`);
    });
  audit
    .command('prove <event>')
    .description('the inclusion proof of one sealed event (chain#seq, e.g. person/p-1#3) in the newest signed checkpoint')
    .option('--bucket <name>', "the evidence bucket (the stack's AuditEvidenceBucket; the local cloud's by default)")
    .option('--key <arn>', "the signing key (the stack's AuditSigningKeyArn)")
    .option('--origin <name>', "the log's name in its checkpoints")
    .action(async (event: string, o) => {
      if (!/^[^#]+#[1-9][0-9]*$/.test(event)) throw new CliError('name the event as its chain and number: person/p-1#3');
      const log = await sealedLog(cli, evidence(o));
      const proof = proofOf(log, event);
      if (!proof) throw new CliError(`${event} is not in the newest signed checkpoint (of ${log.size} events): not sealed yet, or no such event`);
      printJson(proof);
    });
}

/**
 * The sealed log from the evidence bucket, read with the caller's own AWS credentials (an auditor's, read-only):
 * on AWS the bucket, key and origin are given; on the local cloud they are its own.
 */
async function sealedLog(cli: CliContext, o: { bucket?: string; key?: string; origin?: string }) {
  const local = o.bucket === undefined ? localCloud(cli.dataDir()) : undefined;
  const defaults = auditEvidence.local;
  // The local endpoint takes any key but a role's as the operator's.
  const aws = local ? { endpoint: local.awsEndpoint, region: local.region, credentials: { accessKeyId: 'stewardlocal', secretAccessKey: 'stewardlocal' } } : {};
  const bucket = o.bucket ?? defaults.bucketName;
  const keyId = o.key ?? (local ? defaults.keyAlias : undefined);
  const origin = o.origin ?? (local ? defaults.origin : undefined);
  if (!keyId || !origin) throw new CliError('with --bucket, give --key and --origin too (the stack outputs and the stage\'s audit origin)');
  const { PublicKey } = await new KMSClient(aws).send(new GetPublicKeyCommand({ KeyId: keyId }));
  const publicKey = Buffer.from(PublicKey!);
  const log = await readSealedLog(new S3EvidenceReader({ client: new S3Client({ ...aws, forcePathStyle: true }), bucket }), publicKey, origin);
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${publicKey.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
  return { ...log, origin, publicKeyPem };
}
