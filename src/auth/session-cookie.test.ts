import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie, wantsSecureCookies } from './session-cookie.ts';

const TOKEN = 'rm_' + 'a'.repeat(21) + '-_' + 'Z'.repeat(20);

describe('session cookie', () => {
  it('reads one cookie among others, tolerating spaces, quotes and look-alike names', () => {
    assert.equal(readCookie(`theme=dark; ${SESSION_COOKIE}=${TOKEN}; lang=en`, SESSION_COOKIE), TOKEN);
    assert.equal(readCookie(`${SESSION_COOKIE}="${TOKEN}"`, SESSION_COOKIE), TOKEN);
    assert.equal(readCookie(`  ${SESSION_COOKIE} = ${TOKEN} `, SESSION_COOKIE), TOKEN);
    assert.equal(readCookie(`x${SESSION_COOKIE}=nope; ${SESSION_COOKIE}x=nope`, SESSION_COOKIE), undefined);
    assert.equal(readCookie(`${SESSION_COOKIE}=first; ${SESSION_COOKIE}=second`, SESSION_COOKIE), 'first');
    assert.equal(readCookie(`${SESSION_COOKIE}=`, SESSION_COOKIE), '');
    assert.equal(readCookie('garbage without equals; ;;', SESSION_COOKIE), undefined);
    assert.equal(readCookie(undefined, SESSION_COOKIE), undefined);
    assert.equal(readCookie('', SESSION_COOKIE), undefined);
  });

  it('writes an httpOnly, same-site, whole-site cookie, Secure only when asked', () => {
    assert.equal(sessionCookie(TOKEN, { maxAgeSeconds: 43200, secure: false }), `${SESSION_COOKIE}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200`);
    assert.equal(sessionCookie(TOKEN, { maxAgeSeconds: 60.7, secure: true }), `${SESSION_COOKIE}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure`);
    assert.equal(clearedSessionCookie(false), `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    assert.match(clearedSessionCookie(true), /; Secure$/);
  });

  it('refuses a value that would break out of the cookie', () => {
    for (const bad of ['a;b', 'a b', 'a"b', 'a,b', 'a\\b', 'a\nb', 'ü']) {
      assert.throws(() => sessionCookie(bad, { maxAgeSeconds: 1, secure: false }), /cookie-safe/, bad);
    }
  });

  it('reads back whatever it writes', () => {
    const safe = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~!#$%&\'*+/:<=>?@[]^`{|}'), maxLength: 60 });
    fc.assert(
      fc.property(safe, fc.string({ maxLength: 30 }).filter((s) => !s.includes(SESSION_COOKIE)), (token, other) => {
        const pair = sessionCookie(token, { maxAgeSeconds: 1, secure: false }).split('; ')[0]!;
        const header = `a=${encodeURIComponent(other)}; ${pair}; b=1`;
        assert.equal(readCookie(header, SESSION_COOKIE), token);
      }),
    );
  });

  it('asks for Secure cookies only behind an https public URL', () => {
    assert.equal(wantsSecureCookies('https://ringmaster.example.com'), true);
    assert.equal(wantsSecureCookies('HTTPS://ringmaster.example.com'), true);
    assert.equal(wantsSecureCookies('http://127.0.0.1:8080'), false);
    assert.equal(wantsSecureCookies(undefined), false);
  });
});
