import net from 'node:net';

export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: use it as the client's cacheURL. */
  readonly url: string;
  readonly port: number;
  readonly online: boolean;
  /**
   * Offline: closes every open connection and holds new ones unanswered;
   * back online, the held ones are forwarded (Zero's pending attempt succeeds
   * at once instead of waiting out its connect timeout).
   */
  setOnline(online: boolean): void;
  /** Connections accepted so far (online or not): counts Zero's connect attempts. */
  readonly connectionsAccepted: number;
  close(): Promise<void>;
}

/** A switchable loopback TCP proxy in front of `target` (e.g. zero-cache), for offline tests. */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const {hostname, port: targetPort} = new URL(target);
  const sockets = new Set<net.Socket>();
  let online = true;
  let accepted = 0;

  const held = new Set<net.Socket>();

  const forward = (client: net.Socket) => {
    const upstream = net.connect({host: hostname === 'localhost' ? '127.0.0.1' : hostname, port: Number(targetPort)});
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  };

  const server = net.createServer({pauseOnConnect: true}, (client) => {
    accepted++;
    if (online) return forward(client);
    // Offline: hold the connection unanswered (like a dead network). A refused
    // or closed connection makes Node's WebSocket fire only `error`, and Zero
    // then waits out its 10 s connect timeout anyway; a held attempt instead
    // goes through the moment the proxy is back online.
    held.add(client);
    client.on('error', () => {});
    client.on('close', () => held.delete(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get online() {
      return online;
    },
    get connectionsAccepted() {
      return accepted;
    },
    setOnline(value) {
      online = value;
      if (!value) for (const socket of [...sockets]) socket.destroy();
      if (value) {
        for (const client of [...held]) {
          held.delete(client);
          client.removeAllListeners('close');
          if (!client.destroyed) forward(client);
        }
      }
    },
    async close() {
      for (const socket of [...sockets, ...held]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
