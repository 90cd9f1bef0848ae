import { AwsServiceError } from '../errors.ts';

/**
 * The API model's constraints on inputs (required members, lengths, ranges, patterns), taken from the
 * secretsmanager-2017-10-17 Smithy model that the SDK is generated from. AWS checks them before the operation
 * runs and answers a violation with the common error ValidationException ("The input fails to satisfy the
 * constraints specified by an AWS service"), worded as its front end words it, e.g. "1 validation error
 * detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null". The errors an
 * operation lists (InvalidParameterException, ...) are for rules beyond the model, checked by the operation.
 */

export type Request = Record<string, unknown>;

/** The model's length limits, by shape (`smithy.api#length`). */
export const LIMITS = {
  secretId: { min: 1, max: 2048 },
  name: { min: 1, max: 512 },
  clientRequestToken: { min: 32, max: 64 },
  versionId: { min: 32, max: 64 },
  versionStage: { min: 1, max: 256 },
  versionStages: { min: 1, max: 20 },
  description: { min: 0, max: 2048 },
  kmsKeyId: { min: 0, max: 2048 },
  secretValue: { min: 1, max: 65536 },
  rotationLambdaArn: { min: 0, max: 2048 },
  scheduleExpression: { min: 1, max: 256 },
  duration: { min: 2, max: 3 },
  tagKey: { min: 1, max: 128 },
  tagValue: { min: 0, max: 256 },
  nextToken: { min: 1, max: 4096 },
  excludeCharacters: { min: 0, max: 4096 },
} as const;

interface StringRule {
  required?: boolean;
  length?: { min: number; max: number };
  pattern?: RegExp;
  /** A sensitive member's value is never echoed in the message (SecretString, SecretBinary). */
  sensitive?: boolean;
}

/** `Foo.BarBaz` → `foo.barBaz`: AWS names members in lower camel case in these messages. */
const memberPath = (field: string) => field.split('.').map((part) => part.charAt(0).toLowerCase() + part.slice(1)).join('.');

export function constraintViolation(field: string, value: unknown, constraint: string, sensitive = false): AwsServiceError {
  const shown = sensitive ? '' : value === undefined || value === null ? ' null' : ` '${String(value)}'`;
  return new AwsServiceError('ValidationException', `1 validation error detected: Value${shown} at '${memberPath(field)}' failed to satisfy constraint: ${constraint}`);
}

/** A JSON value of the wrong type: the service cannot even read the request. */
const wrongType = (field: string, expected: string) => new AwsServiceError('SerializationException', `${field} must be ${expected}.`);

export function checkLength(field: string, value: { length: number }, limits: { min: number; max: number }, shown: unknown = value, sensitive = false): void {
  if (value.length < limits.min) throw constraintViolation(field, shown, `Member must have length greater than or equal to ${limits.min}`, sensitive);
  if (value.length > limits.max) throw constraintViolation(field, shown, `Member must have length less than or equal to ${limits.max}`, sensitive);
}

export function stringMember(request: Request, field: string, rule: StringRule & { required: true }): string;
export function stringMember(request: Request, field: string, rule?: StringRule): string | undefined;
export function stringMember(request: Request, field: string, rule: StringRule = {}): string | undefined {
  const value = fieldOf(request, field);
  if (value === undefined || value === null) {
    if (rule.required) throw constraintViolation(field, null, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') throw wrongType(field, 'a string');
  if (rule.length) checkLength(field, value, rule.length, value, rule.sensitive);
  if (rule.pattern && !rule.pattern.test(value)) {
    throw constraintViolation(field, value, `Member must satisfy regular expression pattern: ${rule.pattern.source}`, rule.sensitive);
  }
  return value;
}

export function integerMember(request: Request, field: string, range?: { min: number; max: number }): number | undefined {
  const value = fieldOf(request, field);
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value)) throw wrongType(field, 'an integer');
  const number = value as number;
  if (range && number < range.min) throw constraintViolation(field, number, `Member must have value greater than or equal to ${range.min}`);
  if (range && number > range.max) throw constraintViolation(field, number, `Member must have value less than or equal to ${range.max}`);
  return number;
}

export function booleanMember(request: Request, field: string): boolean | undefined {
  const value = fieldOf(request, field);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(field, 'a boolean');
  return value;
}

/** A list of strings, each within `item` limits, the list within `count` limits. */
export function stringListMember(request: Request, field: string, rule: { required?: boolean; count?: { min: number; max: number }; item: { min: number; max: number } }): string[] | undefined {
  const value = fieldOf(request, field);
  if (value === undefined || value === null) {
    if (rule.required) throw constraintViolation(field, null, 'Member must not be null');
    return undefined;
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw wrongType(field, 'a list of strings');
  const items = value as string[];
  if (rule.count) checkLength(field, items, rule.count, `[${items.join(', ')}]`);
  for (const item of items) checkLength(field, item, rule.item, `[${items.join(', ')}]`);
  return items;
}

/** `Tags`: a list of `{Key, Value}`; Key 1–128 characters, Value 0–256. */
export function tagsMember(request: Request, field: string, required = false): { Key: string; Value: string }[] | undefined {
  const value = fieldOf(request, field);
  if (value === undefined || value === null) {
    if (required) throw constraintViolation(field, null, 'Member must not be null');
    return undefined;
  }
  if (!Array.isArray(value)) throw wrongType(field, 'a list of tags');
  return value.map((tag: unknown, i) => {
    if (typeof tag !== 'object' || tag === null) throw wrongType(`${field}.${i + 1}`, 'a tag');
    const entry = tag as Request;
    const key = stringMember(entry, 'Key', { length: LIMITS.tagKey });
    const tagValue = stringMember(entry, 'Value', { length: LIMITS.tagValue });
    // Both members are optional in the model, but a tag without a key can be neither matched nor removed.
    if (key === undefined) throw new AwsServiceError('InvalidParameterException', 'A tag must have a Key.');
    return { Key: key, Value: tagValue ?? '' };
  });
}

/** Members are addressed `A.B` for nested structures (RotationRules.Duration). */
function fieldOf(request: Request, field: string): unknown {
  let value: unknown = request;
  for (const part of field.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Request)[part];
  }
  return value;
}
