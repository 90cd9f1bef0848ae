import type { ConsoleConfig } from '../../declarations/console.ts';

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console-config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`the console's configuration did not load (HTTP ${response.status})`);
  return (await response.json()) as ConsoleConfig;
}
