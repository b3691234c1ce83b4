/**
 * The Dockerfile's HEALTHCHECK command, run as Docker would run it (with the image's
 * node and PORT), against a local server: healthy only when /health answers 200.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { instructionsOf, readExecForm, readRepositoryDockerfile } from './read-dockerfile.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server answering `status` on /health and 404 elsewhere; resolves with its port. */
async function startServer(status: number): Promise<{ port: number; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.writeHead(request.url === '/health' ? status : 404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, paths };
}

/** A port nothing listens on: one that was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function runHealthCheck(port: number): Promise<number> {
  const [check] = instructionsOf(readRepositoryDockerfile().at(-1)!, 'HEALTHCHECK');
  const [program, ...args] = readExecForm(check!);
  expect(program).toBe('node');
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { PORT: String(port) }, timeout: 10_000 }, (error) => {
      resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : -1);
    });
  });
}

describe('the image health check', () => {
  it('passes when /health answers 200', async () => {
    const server = await startServer(200);
    expect(await runHealthCheck(server.port)).toBe(0);
    expect(server.paths).toEqual(['/health']);
  });

  it('fails when /health answers an error status', async () => {
    const server = await startServer(503);
    expect(await runHealthCheck(server.port)).toBe(1);
  });

  it('fails when nothing listens on the port', async () => {
    expect(await runHealthCheck(await closedPort())).toBe(1);
  });
});
