import { describe, expect, it } from 'vitest';
import { streamMappings } from '../../declarations/streams.ts';
import { matchesFilter } from '../../local/aws/lambda/stream-mapping.ts';

/** The local mapping's filter, on records shaped as Lambda hands DynamoDB stream records to a function. */
const record = (eventName: string, entity: string) => ({ eventName, eventSource: 'aws:dynamodb', dynamodb: { NewImage: { pk: { S: 'AUDIT#person/p-1' }, entity: { S: entity } } } });

describe("the sealer's stream filter", () => {
  const [sealer] = streamMappings;
  it('passes new audit events only: no heads, no marks, no overwrite or delete of an event', () => {
    expect(matchesFilter(sealer!.filter, record('INSERT', 'audit'))).toBe(true);
    expect(matchesFilter(sealer!.filter, record('INSERT', 'audit-head'))).toBe(false);
    expect(matchesFilter(sealer!.filter, record('MODIFY', 'audit'))).toBe(false);
    expect(matchesFilter(sealer!.filter, record('REMOVE', 'audit'))).toBe(false);
    expect(matchesFilter(sealer!.filter, { eventName: 'INSERT', dynamodb: {} })).toBe(false);
  });
});
