// The stand-in for a demo target's running product: a tiny HTTP service that
// answers which release and component versions its site folder holds.
//
//   node service.mjs <site-folder>
//
// Listens on 127.0.0.1 on a free port, writes <site>/pid then <site>/port, and
// answers GET / with { target, release, components: { api: '1.4.0', … } } read
// from the folder on every request, so a deploy never needs a restart. A
// component with a crashed/<component> marker answers 'crashed'. GET /healthz
// answers 200. Node 18 or later, built-in modules only.
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, join, resolve } from 'node:path';

const siteArg = process.argv[2];
if (!siteArg) {
  console.error('usage: node service.mjs <site-folder>');
  process.exit(2);
}
const site = resolve(siteArg);

function readText(path) {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

function listFiles(folder) {
  try {
    return readdirSync(folder).filter((name) => !name.startsWith('.') && !name.includes('.tmp.'));
  } catch {
    return [];
  }
}

function siteState() {
  const crashed = new Set(listFiles(join(site, 'crashed')));
  const components = {};
  for (const name of listFiles(join(site, 'components')).sort()) {
    components[name] = crashed.has(name) ? 'crashed' : readText(join(site, 'components', name));
  }
  return { target: basename(site), release: readText(join(site, 'release')), components };
}

function send(response, status, body) {
  const text = typeof body === 'string' ? `${body}\n` : `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  response.end(text);
}

// Written whole or not at all: deploy.sh waits for the port file to appear.
function writeAtomically(name, text) {
  const path = join(site, name);
  writeFileSync(`${path}.tmp.${process.pid}`, text);
  renameSync(`${path}.tmp.${process.pid}`, path);
}

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET') return send(response, 405, 'only GET is served');
  if (path === '/healthz') return send(response, 200, 'ok');
  if (path === '/') return send(response, 200, siteState());
  return send(response, 404, `no such path ${path}: try / or /healthz`);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  writeAtomically('pid', `${process.pid}\n`);
  writeAtomically('port', `${port}\n`);
  console.log(`${new Date().toISOString()} ${basename(site)}: serving on http://127.0.0.1:${port} (pid ${process.pid})`);
});

// Stopped: leave no pid or port behind that names this process.
function stop(signal) {
  if (readText(join(site, 'pid')) === String(process.pid)) {
    rmSync(join(site, 'port'), { force: true });
    rmSync(join(site, 'pid'), { force: true });
  }
  console.log(`${new Date().toISOString()} ${basename(site)}: stopped by ${signal}`);
  process.exit(0);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
