// Server-rendered puzzle page with a large discussion: requests per second and
// latency percentiles at a fixed number of connections, against BASE_URL.
// Usage: BASE_URL=http://127.0.0.1:3302 node discussion.mjs /puzzles/<id> [connections] [seconds]
import http from 'node:http';

const [path, connections = '32', seconds = '20'] = process.argv.slice(2);
const base = new URL(process.env.BASE_URL ?? 'http://127.0.0.1:3000');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const deadline = Date.now() + Number(seconds) * 1000;
const latencies = [];
let failures = 0;

function get() {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const request = http.get({ host: base.hostname, port: base.port, path, agent }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode !== 200) failures += 1;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        resolve();
      });
    });
    request.on('error', () => {
      failures += 1;
      resolve();
    });
  });
}

async function worker() {
  while (Date.now() < deadline) await get();
}

const start = Date.now();
await Promise.all(Array.from({ length: Number(connections) }, worker));
const elapsed = (Date.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
console.log(
  `${path}: ${latencies.length} requests in ${elapsed.toFixed(1)} s at ${connections} connections: ` +
    `${(latencies.length / elapsed).toFixed(1)} req/s, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ${failures} failed`,
);
