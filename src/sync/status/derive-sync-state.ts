import type {ConnectionState} from '../replay/connection-monitor.ts';
import type {ReplayerState} from '../replay/replayer-state.ts';

/** What the UI shows about sync, in one word. */
export type SyncState = 'online' | 'offline' | 'replaying' | 'needs-auth' | 'error';

/**
 * Folds the replayer's state and Zero's connection into one word. The
 * replayer wins when it knows more (sending, halted on a rejection, backing
 * off after an unknown outcome while connected); otherwise the connection
 * decides, which is also all a follower tab knows.
 */
export function deriveSyncState(replayer: ReplayerState, connection: ConnectionState): SyncState {
  switch (replayer.kind) {
    case 'replaying':
      return 'replaying';
    case 'needs-auth':
      return 'needs-auth';
    case 'halted':
      return 'error';
    case 'backoff':
      if (replayer.action === 'send' && connection === 'connected') return 'error';
      break;
    default:
      break;
  }
  switch (connection) {
    case 'connected':
      return 'online';
    case 'needs-auth':
      return 'needs-auth';
    case 'error':
      return 'error';
    case 'connecting':
    case 'disconnected':
    case 'closed':
      return 'offline';
  }
}
