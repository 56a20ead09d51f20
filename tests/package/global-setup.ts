// globalSetup of the `package` project: packs the library ONCE per run (npm
// pack runs `prepack` = the build) and starts one real stack (PostgreSQL,
// API server, zero-cache) for the user projects to talk to. Tests get paths,
// URLs and tokens only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type {TestProject} from 'vitest/node';
import {startStack} from '../../scripts/lib/stack.ts';
import {mustRun, REPO} from './user-project.ts';

export interface PackageFixture {
  /** The packed zero-active-models-<version>.tgz. */
  readonly tarball: string;
  /** Temp directory for the user projects; removed after the run. */
  readonly workDir: string;
  readonly cacheURL: string;
  readonly databaseUrl: string;
  readonly user: {readonly id: string; readonly token: string};
  readonly clientId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    zamPackage: PackageFixture;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zam-package-'));
  // The build + pack and the stack are independent: side by side.
  const [packed, started] = await Promise.allSettled([
    mustRun('npm', ['pack', '--json', '--pack-destination', workDir], {cwd: REPO, timeoutMs: 300_000}),
    startStack(),
  ]);
  if (started.status === 'rejected' || packed.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.stop();
    fs.rmSync(workDir, {recursive: true, force: true});
    throw packed.status === 'rejected' ? packed.reason : (started as PromiseRejectedResult).reason;
  }
  const stack = started.value;
  try {
    const [info] = JSON.parse(packed.value.stdout.slice(packed.value.stdout.indexOf('['))) as [{filename: string}];
    const tarball = path.join(workDir, info.filename);

    const sql = postgres(stack.databaseUrl, {max: 1, onnotice: () => {}});
    const userId = crypto.randomUUID();
    const clientId = crypto.randomUUID();
    await sql`insert into users (id, email, name, role, created_at, updated_at) values (${userId}, 'package-user@example.com', 'Package User', 'dispatcher', now(), now())`;
    await sql`insert into clients (id, name, created_at, updated_at) values (${clientId}, 'Package Client', now(), now())`;
    await sql.end();

    project.provide('zamPackage', {
      tarball,
      workDir,
      cacheURL: stack.cacheURL,
      databaseUrl: stack.databaseUrl,
      user: {id: userId, token: await stack.auth.issue(userId, {tokenVersion: 0})},
      clientId,
    });
  } catch (error) {
    await stack.stop();
    fs.rmSync(workDir, {recursive: true, force: true});
    throw error;
  }
  return async () => {
    await stack.stop();
    fs.rmSync(workDir, {recursive: true, force: true});
  };
}
