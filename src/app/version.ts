import { readFileSync } from 'node:fs';

/** The package version; a module of its own so the CLI can show it without loading the server. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
