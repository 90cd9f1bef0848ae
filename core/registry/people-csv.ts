import { parse } from 'csv-parse/browser/esm/sync';

/**
 * HR's CSV (a header row naming the columns: id,email,name,team[,managerId,trainingCompletedAt,trainingExpiresAt])
 * as the rows POST /people/import takes. Empty cells are left out, so they clear nothing. The CLI and the
 * console both read files with it; the browser build of csv-parse runs in either.
 */
export function peopleRowsFromCsv(text: string): Record<string, string>[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== '')));
}
