import type {ActivityLogConfig, ModelConfig} from '../contract/model-config.ts';
import type {ActingUser} from './policy/define-policies.ts';

/** The acting user's display name from the record the auth hook loaded (null when the users model has no display column). */
export function actorNameOf(user: ActingUser, config: {readonly models: Readonly<Record<string, ModelConfig>>; readonly activityLog: ActivityLogConfig}): string | null {
  const table = config.activityLog.userTable;
  const display = table === undefined ? undefined : config.models[table]?.display;
  const name = display === undefined || display === null ? undefined : user[display];
  return typeof name === 'string' ? name : null;
}
