import { createConnection, createServer } from 'node:net';
import { ERROR_CODES, TkafkaError, errnoCode } from '../../shared/errors.js';

/** Where a local client should connect to reach a listener bound to `host` (wildcards mean loopback). */
export function connectHost(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/** `host:port` as a bootstrap server string, IPv6 literals bracketed. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function portInUseError(host: string, port: number): TkafkaError {
  return new TkafkaError(ERROR_CODES.PORT_IN_USE, `port ${port} on ${host} is already in use`, {
    hint: 'Choose another with --port, or stop what is listening there.',
  });
}

/** Fails with PORT_IN_USE when `host:port` cannot be bound right now (checked by binding and closing). */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolveCheck, rejectCheck) => {
    const server = createServer();
    server.once('error', (err) => {
      const code = errnoCode(err);
      if (code === 'EADDRINUSE') rejectCheck(portInUseError(host, port));
      else if (code === 'EACCES') {
        rejectCheck(new TkafkaError(ERROR_CODES.PORT_IN_USE, `not permitted to listen on ${host}:${port}`, { hint: 'Ports below 1024 need privileges; use --port 9092.' }));
      } else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        rejectCheck(new TkafkaError(ERROR_CODES.BAD_CONFIG, `cannot listen on ${host}: no such local address`, { exitCode: 2, hint: 'Check --host.' }));
      } else rejectCheck(err);
    });
    // exclusive: without it a cluster-mode parent could share the port and hide the conflict.
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolveCheck());
    });
  });
}

/** One TCP connect attempt; true if it was accepted. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = createConnection({ host: connectHost(host), port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolveConnect(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
