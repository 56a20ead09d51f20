// Preloaded (NODE_OPTIONS=--require) into zero-cache and every worker it forks.
//
// 1. zero-cache has no listen-host option and binds `::`; this rewrites every
//    wildcard listen host to 127.0.0.1 so nothing we start is reachable from
//    outside the machine.
// 2. If the process that started us dies without stopping us (crash, kill -9,
//    closed terminal), we stop too, instead of lingering as an orphan holding
//    ports and a replication slot.
'use strict';
const net = require('node:net');

const WILDCARD = new Set([undefined, null, '', '::', '0.0.0.0', '::0']);
const original = net.Server.prototype.listen;

net.Server.prototype.listen = function listen(...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first) && !('_handle' in first)) {
    if (first.path === undefined && WILDCARD.has(first.host)) {
      args[0] = {...first, host: '127.0.0.1'};
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, cb])
    if (typeof args[1] !== 'string' || WILDCARD.has(args[1])) {
      if (typeof args[1] === 'string') args[1] = '127.0.0.1';
      else args.splice(1, 0, '127.0.0.1');
    }
  }
  return original.apply(this, args);
};

const parentPid = process.ppid;
const watchdog = setInterval(() => {
  if (process.ppid === parentPid) return;
  clearInterval(watchdog);
  // SIGQUIT is zero-cache's immediate shutdown; force exit if it lingers.
  try {
    process.kill(process.pid, 'SIGQUIT');
  } catch {
    // already exiting
  }
  setTimeout(() => process.exit(1), 5000).unref();
}, 1000);
watchdog.unref();
