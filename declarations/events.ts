import type { FunctionId } from './functions.ts';

/**
 * EventBridge rules, declared once: the stack creates one rule per entry on the default event bus, and the
 * local cloud's PutEvents delivers matching events to the same function. Patterns use exact matches only.
 */
export interface EventRuleDeclaration {
  readonly name: string;
  readonly description: string;
  readonly source: readonly string[];
  readonly detailType: readonly string[];
  readonly function: FunctionId;
}

export const eventRules: readonly EventRuleDeclaration[] = [
  {
    name: 'staff-departure',
    description: 'A departure from the HR system starts the offboarding handover (idempotent per person).',
    source: ['steward.hr'],
    detailType: ['Staff Departure'],
    function: 'departureEvents',
  },
];
