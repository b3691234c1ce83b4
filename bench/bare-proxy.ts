/**
 * The floor: the least a Node HTTP proxy can do. Pipes every request to the upstream over a
 * keep-alive agent and pipes the answer back, headers and all. Run as its own process:
 * node bare-proxy.js UPSTREAM_PORT [PORT]; prints {"listening":PORT}, exits when stdin closes.
 */
import http from 'node:http';

const upstreamPort = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
const server = http.createServer((req, res) => {
  const options = { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent };
  const upstream = http.request(options, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  res.on('close', () => res.writableFinished || upstream.destroy());
  req.pipe(upstream);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
