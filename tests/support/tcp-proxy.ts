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
  /**
   * A slow link: every chunk is held `latencyMs` each way, and, with
   * `bytesPerSecond`, paced to that rate (order kept). `setSlow(0)` is a
   * fast link again; chunks already held still go out in order.
   */
  setSlow(latencyMs: number, bytesPerSecond?: number): void;
  /**
   * Points the proxy at another server (e.g. a second zero-cache): open
   * connections are closed, new ones go to `target`.
   */
  setTarget(target: string): void;
  /** Where connections go now. */
  readonly target: string;
  /** Connections accepted so far (online or not): counts Zero's connect attempts. */
  readonly connectionsAccepted: number;
  close(): Promise<void>;
}

/** A switchable loopback TCP proxy in front of `target` (e.g. zero-cache), for offline tests. */
export async function startTcpProxy(initialTarget: string): Promise<TcpProxy> {
  let target = initialTarget;
  const sockets = new Set<net.Socket>();
  let online = true;
  let accepted = 0;
  let latencyMs = 0;
  let bytesPerSecond = 0;

  // One direction of a connection: straight through on a fast link, else held and paced. One queue and
  // one timer per direction: timers of different delays that expire in the same millisecond may fire in
  // any order, and a reordered byte stream is a corrupted one.
  const relay = (from: net.Socket, to: net.Socket) => {
    let releaseAt = 0;
    const queue: {at: number; chunk: Buffer}[] = [];
    let timer: NodeJS.Timeout | undefined;
    const drain = () => {
      timer = undefined;
      const now = Date.now();
      while (queue.length > 0 && queue[0]!.at <= now) {
        const {chunk} = queue.shift()!;
        if (!to.destroyed) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(drain, queue[0]!.at - now);
    };
    from.on('data', (chunk: Buffer) => {
      const now = Date.now();
      if (latencyMs === 0 && bytesPerSecond === 0 && queue.length === 0) {
        to.write(chunk);
        return;
      }
      const paced = bytesPerSecond > 0 ? (chunk.length / bytesPerSecond) * 1000 : 0;
      releaseAt = Math.max(now + latencyMs, releaseAt) + paced;
      queue.push({at: releaseAt, chunk});
      timer ??= setTimeout(drain, releaseAt - now);
    });
  };

  const held = new Set<net.Socket>();

  const forward = (client: net.Socket) => {
    const {hostname, port: targetPort} = new URL(target);
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
    relay(client, upstream);
    relay(upstream, client);
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
    get target() {
      return target;
    },
    setSlow(latency, rate = 0) {
      latencyMs = latency;
      bytesPerSecond = rate;
    },
    setTarget(next) {
      target = next;
      for (const socket of [...sockets]) socket.destroy();
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
