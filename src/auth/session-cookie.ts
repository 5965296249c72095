/**
 * The browser session cookie: reading it from a Cookie header and writing its
 * Set-Cookie value. Pure: no I/O, no clock.
 */
export const SESSION_COOKIE = 'ringmaster_session';

/** RFC 6265 cookie-octet: printable ASCII but space, quote, comma, semicolon and backslash. */
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/** The value of cookie `name` in a Cookie request header; the first one wins (browsers send the most specific first). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return undefined;
}

export interface SessionCookieOptions {
  maxAgeSeconds: number;
  /** Only over HTTPS: set when the server's public URL is https. */
  secure: boolean;
}

/** The Set-Cookie value that stores `token` as the session: out of reach of scripts and of other sites. */
export function sessionCookie(token: string, options: SessionCookieOptions): string {
  if (!COOKIE_VALUE.test(token)) throw new Error('a session cookie value may hold only cookie-safe characters');
  const maxAge = Math.max(0, Math.floor(options.maxAgeSeconds));
  return [`${SESSION_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${maxAge}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

/** The Set-Cookie value that makes the browser drop the session. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { maxAgeSeconds: 0, secure });
}

/** Cookies get the Secure flag when people reach the server over HTTPS. */
export function wantsSecureCookies(publicUrl: string | undefined): boolean {
  return publicUrl?.trim().toLowerCase().startsWith('https:') === true;
}
