import * as z from 'zod';

/**
 * Reads the environment variables a handler needs, once, at cold start. A missing variable stops the
 * function before it serves anything, with a message naming the variable (never its value).
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env) {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const names = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`missing or invalid environment variables: ${names}`);
  }
  return result.data;
}
