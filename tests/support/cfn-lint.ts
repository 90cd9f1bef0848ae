import { spawnSync } from 'node:child_process';

/** One cfn-lint finding, as its `--format json` prints it. */
export interface CfnLintFinding {
  readonly Filename: string;
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Rule: { readonly Id: string; readonly ShortDescription: string };
  readonly Location: { readonly Path: readonly (string | number)[] | null; readonly Start: { readonly LineNumber: number } };
}

/**
 * The version of the cfn-lint on PATH, or undefined when there is none. Asked by running it, not by looking
 * for the file: a pyenv shim exists on PATH even where the active Python has no cfn-lint installed.
 */
export function cfnLintVersion(): string | undefined {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/**
 * Lints the templates and returns every finding. cfn-lint's exit code is a bit mask (2 errors, 4 warnings,
 * 8 informational), so it is the JSON that tells what was found; output that is not JSON is a crash.
 */
export function cfnLint(templates: readonly string[], options: { regions?: readonly string[] } = {}): CfnLintFinding[] {
  const args = ['--format', 'json', ...(options.regions ? ['--regions', ...options.regions] : []), '--', ...templates];
  const run = spawnSync('cfn-lint', args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  try {
    return JSON.parse(run.stdout) as CfnLintFinding[];
  } catch {
    throw new Error(`cfn-lint ${args.join(' ')} exited ${run.status ?? run.signal} without a JSON report:\n${run.stderr || run.stdout}`);
  }
}

/** `E3002 Resources/X/Properties/Foo (line 12): Additional properties are not allowed`: a finding on one line. */
export const describeFinding = (f: CfnLintFinding) => `${f.Rule.Id} ${f.Location.Path?.join('/') ?? f.Filename} (line ${f.Location.Start.LineNumber}): ${f.Message}`;
