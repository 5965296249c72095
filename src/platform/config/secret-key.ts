import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.ts';

/**
 * The key that encrypts secrets at rest: RINGMASTER_SECRET_KEY, or a key file
 * in the data folder created on first start (readable by the owner only).
 * Replicas sharing one PostgreSQL must share the key: set the variable.
 */
export function loadSecretKey(options: { secretKey: string | undefined; dataDir: string }): Buffer {
  if (options.secretKey) return Buffer.from(options.secretKey, 'base64');
  const file = join(options.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`the key file ${file} must hold 32 bytes in base64`);
  return key;
}
