import {createHash} from 'node:crypto';

/** Rails' default FK name: `fk_rails_` + first 10 hex of sha256("<table>_<column>_fk"). */
export function railsForeignKeyName(table: string, column: string): string {
  return `fk_rails_${createHash('sha256').update(`${table}_${column}_fk`).digest('hex').slice(0, 10)}`;
}
