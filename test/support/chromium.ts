/**
 * The real browser the web tests drive: Debian's Chromium through
 * playwright-core (which downloads no browser of its own).
 */
import { existsSync } from 'node:fs';
import { ensureDebianPackage } from './debian-package.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** RINGMASTER_CHROMIUM names another browser binary; otherwise the usual Debian places. */
export function findChromium(): string | undefined {
  const chosen = process.env['RINGMASTER_CHROMIUM'];
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** The Chromium binary, installing Debian's `chromium` package first when none is found and we are root. */
export function ensureChromiumInstalled(): string {
  const chosen = process.env['RINGMASTER_CHROMIUM'];
  // A browser named by hand is not replaced by the package behind one's back.
  if (chosen && !existsSync(chosen)) throw new Error(`RINGMASTER_CHROMIUM names ${chosen}, which does not exist`);
  return ensureDebianPackage({
    name: 'chromium',
    purpose: 'Chromium, which the web dashboard tests drive,',
    find: findChromium,
    hint: 'Install it (on Debian/Ubuntu: `apt-get install chromium`), or set RINGMASTER_CHROMIUM to a Chromium or Chrome binary.',
  });
}
