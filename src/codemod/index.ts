// The codemod's one entry for the CLI (`migrate`), loaded lazily: ts-morph and
// the Svelte parser load only when a migration runs.
export {migrateProject} from './migrate-project.ts';
export type {MigrateOptions, MigrateSummary} from './migrate-project.ts';
export {BACKUP_DIR, restoreBackup} from './migrate-backup.ts';
