// The stack's API server in a process of its own, so a test can kill it with
// SIGKILL mid-push (the chaos suite): a real crash, not a graceful close.
// Reads ZAM_API_DATABASE_URL, ZAM_API_JWT_SECRET and ZAM_API_PORT; prints
// "ready" once it listens. Run with `node --conditions=zam-source`.
import {listenApiServer} from '../../src/server/api-server.ts';
import {createAuthenticator} from '../../src/server/auth.ts';
import {createStackApiServer} from './stack-api-server.ts';

const databaseUrl = process.env.ZAM_API_DATABASE_URL;
const secret = process.env.ZAM_API_JWT_SECRET;
const port = Number(process.env.ZAM_API_PORT);
if (databaseUrl === undefined || secret === undefined || !Number.isInteger(port)) {
  console.error('api-server-process: set ZAM_API_DATABASE_URL, ZAM_API_JWT_SECRET and ZAM_API_PORT');
  process.exit(2);
}
const api = createStackApiServer({databaseUrl, auth: createAuthenticator(secret)});
await listenApiServer(api, port);
console.log('ready');
