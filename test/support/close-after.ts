/**
 * The one way tests stop what they started: gateways, stand-ins, fake upstreams, CLI
 * processes. Register it at the top of a file (or a `describe`), wrap each resource in
 * the function it returns, and everything is closed newest first once the test (or the
 * whole file or block) ends, even when a test failed half-way.
 */
import { afterAll, afterEach } from 'vitest';

/** Anything a test starts and must stop. */
export interface Closable {
  close(): Promise<void>;
}

export type Track = <Resource extends Closable>(resource: Resource) => Resource;

function createRegistry(register: (closeAll: () => Promise<void>) => void): Track {
  const open: Closable[] = [];
  register(async () => {
    // Every resource gets its close() even when an earlier one fails; the first failure is reported.
    let failure: unknown;
    for (const resource of open.splice(0).reverse()) {
      await resource.close().catch((error: unknown) => (failure ??= error));
    }
    if (failure !== undefined) throw failure;
  });
  return (resource) => {
    open.push(resource);
    return resource;
  };
}

/** Closes what the returned function was given once each test ends. */
export function closeAfterEach(): Track {
  return createRegistry((closeAll) => afterEach(closeAll));
}

/** Closes what the returned function was given once every test of the file (or `describe`) ran: for fixtures the tests share. */
export function closeAfterAll(): Track {
  return createRegistry((closeAll) => afterAll(closeAll));
}
