/** A port on 127.0.0.1 that nothing listens on: for a connection that must be refused, or for a gateway process to take. */
import { createServer } from 'node:net';

/** Asks the OS for a free port, then releases it. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
