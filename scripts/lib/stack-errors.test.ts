import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {assertPortFree} from './ports.ts';
import {StackError} from './stack-error.ts';
import {startPostgres} from './postgres.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the stack explains what is wrong and how to fix it', () => {
  test('a busy port names the port, what wanted it, and how to find the culprit', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen({host: '127.0.0.1', port: 0}, r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const error = await assertPortFree(port, 'zero-cache').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StackError);
      expect((error as StackError).code).toBe('port_busy');
      expect((error as Error).message).toMatch(new RegExp(`Port ${port}.*zero-cache.*ss -ltnp`, 's'));
    } finally {
      server.close();
    }
  });

  test('an unwritable data dir is refused before anything starts', async () => {
    // A regular file where the parent directory should be: unusable even for root.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zam-')), 'not-a-dir');
    fs.writeFileSync(file, '');
    const error = await startPostgres({dataDir: path.join(file, 'pg'), externalUrl: ''}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).code).toBe('data_dir_unwritable');
    expect((error as Error).message).toMatch(/not writable.*ZAM_DATA_DIR/s);
  });

  test('a Node older than 22 gets told what to do', () => {
    // Run the pre-start check under a faked old version.
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `Object.defineProperty(process.versions, 'node', {value: '20.11.0'}); await import(${JSON.stringify(path.join(root, 'scripts/check-node.mjs'))});`],
      {encoding: 'utf8', env: {...process.env}, input: ''},
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Node 20\.11\.0 is too old.*npm install/s);
  });
});
