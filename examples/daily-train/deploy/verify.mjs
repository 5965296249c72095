// Asks a demo target's service which version of a component it runs, and
// exits 0 only if it is the expected one. Used by verify.sh.
//
//   node verify.mjs <site-folder> <component> <expected-version>
//
// Node 18 or later, built-in modules only.
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [site, component, expected] = process.argv.slice(2);
if (!site || !component || !expected) {
  console.error('usage: node verify.mjs <site-folder> <component> <expected-version>');
  process.exit(2);
}
const target = basename(site);

function fail(message) {
  console.error(`verify: ${message}`);
  process.exit(1);
}

function readPort() {
  try {
    return Number(readFileSync(join(site, 'port'), 'utf8').trim());
  } catch {
    return fail(`${target} has no running service (no ${join(site, 'port')})`);
  }
}

function askService(port) {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`it answered HTTP ${response.statusCode}`));
        try {
          resolve(JSON.parse(body));
        } catch {
          reject(new Error('it answered something other than JSON'));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error('it did not answer within 5 s')));
    request.on('error', reject);
  });
}

// A service started a moment ago may still be settling: a few tries, then give up.
let state;
for (let attempt = 1; !state; attempt++) {
  const port = readPort();
  try {
    state = await askService(port);
  } catch (error) {
    if (attempt === 5) fail(`the service of ${target} on port ${port} did not answer: ${error.message}`);
    await sleep(200);
  }
}

const running = state.components?.[component] ?? 'nothing';
const seen = `${target} answers ${component} ${running} (release ${state.release ?? 'none'})`;
if (running !== expected) fail(`${seen}, expected ${expected}`);
console.log(`verify: ${seen}: as expected`);
