import {StackError} from './stack-error.ts';
import net from 'node:net';

/** Asks the OS for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen({host: '127.0.0.1', port: 0}, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port the OS gave us'));
      });
    });
  });
}

/** Resolves when `port` on 127.0.0.1 accepts no connection (is free), else throws a clear error. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen({host: '127.0.0.1', port}, () => server.close(() => resolve(false)));
  });
  if (inUse) {
    throw new StackError(
      'port_busy',
      `Port ${port} on 127.0.0.1 (wanted for ${what}) is already in use. ` +
        `Stop the process using it (\`ss -ltnp 'sport = :${port}'\` shows which) or choose another port.`,
    );
  }
}

