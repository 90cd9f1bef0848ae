import { randomUUID } from 'node:crypto';
import type { EventRuleDeclaration } from '../../../declarations/events.ts';
import type { FunctionId } from '../../../declarations/functions.ts';
import { AwsServiceError } from '../errors.ts';

type Request = Record<string, unknown>;

/**
 * EventBridge PutEvents on the default bus, for the rules of declarations/events.ts: each entry becomes the
 * event envelope AWS delivers, and every matching rule's function is invoked asynchronously, as EventBridge
 * does (its failures are logged, not returned to the sender).
 */
export class EventBridgeService {
  constructor(
    private readonly options: {
      rules: readonly EventRuleDeclaration[];
      region: string;
      accountId: string;
      deliver: (fn: FunctionId, event: unknown) => Promise<void>;
    },
  ) {}

  handle(operation: string, request: Request): unknown {
    if (operation !== 'PutEvents') throw new AwsServiceError('UnknownOperationException', `Operation ${operation} is not supported locally.`);
    const entries = request.Entries;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) throw new AwsServiceError('ValidationException', 'Entries must hold 1 to 10 entries.');
    const results = entries.map((entry: Record<string, unknown>): { EventId: string } | { ErrorCode: string; ErrorMessage: string } => {
      const source = String(entry.Source ?? '');
      const detailType = String(entry.DetailType ?? '');
      let detail: unknown;
      try {
        detail = JSON.parse(String(entry.Detail ?? '{}'));
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      }
      const id = randomUUID();
      const event = { version: '0', id, 'detail-type': detailType, source, account: this.options.accountId, time: new Date().toISOString(), region: this.options.region, resources: entry.Resources ?? [], detail };
      for (const rule of this.options.rules) {
        if (rule.source.includes(source) && rule.detailType.includes(detailType)) void this.options.deliver(rule.function, event);
      }
      return { EventId: id };
    });
    // AWS answers 200 with the failed entries counted; a sender must look, and retry those.
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }
}
