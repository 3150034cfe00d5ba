/**
 * Preloaded into the Playground (`node --require …/loopbackPreload.js`): it has no host option and
 * listens on all interfaces, so every net.Server.listen without an explicit loopback host is moved
 * to 127.0.0.1. Kept free of imports from the project so it can load into a foreign process.
 */
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '::0']);

type ListenArgs = unknown[];

function toLoopback(args: ListenArgs): ListenArgs {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const options = first as { host?: unknown; path?: unknown; fd?: unknown; handle?: unknown };
    if (options.path !== undefined || options.fd !== undefined || options.handle !== undefined) return args;
    if (typeof options.host === 'string' && !WILDCARD_HOSTS.has(options.host)) return args;
    return [{ ...options, host: LOOPBACK }, ...args.slice(1)];
  }
  const isPort = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
  if (!isPort && first !== undefined && typeof first !== 'function') return args; // a pipe path
  if (first === undefined || typeof first === 'function') return [0, LOOPBACK, ...args];
  if (typeof second === 'string') {
    return WILDCARD_HOSTS.has(second) ? [first, LOOPBACK, ...args.slice(2)] : args;
  }
  return [first, LOOPBACK, ...args.slice(1)];
}

// Kept unbound on purpose: it is re-applied below with the server that calls the patched listen.
// eslint-disable-next-line @typescript-eslint/unbound-method
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: ListenArgs): net.Server {
  return (originalListen as (...a: ListenArgs) => net.Server).apply(this, toLoopback(args));
} as typeof net.Server.prototype.listen;
