import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createSecretBox } from './secret-box.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

describe('passwords', () => {
  it('verifies the right password only, with a salted hash', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.notEqual(a, b, 'salted');
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery stapler', a), false);
    assert.equal(await verifyPassword('x', 'not-a-hash'), false);
  });
});

describe('tokens', () => {
  it('are unique, recognisable, and hash to a fixed-size digest', () => {
    const tokens = new Set(Array.from({ length: 100 }, newToken));
    assert.equal(tokens.size, 100);
    for (const token of tokens) {
      assert.ok(looksLikeToken(token));
      assert.match(hashToken(token), /^[0-9a-f]{64}$/);
    }
    assert.equal(looksLikeToken('rm_short'), false);
  });
});

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips any text and never repeats a ciphertext', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (plain) => {
      const sealed = box.encrypt(plain);
      assert.equal(box.decrypt(sealed), plain);
      assert.notEqual(box.encrypt(plain), sealed);
    }));
  });

  it('refuses a tampered ciphertext and one sealed with another key', () => {
    const sealed = box.encrypt('smtp-password');
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered').toString('base64url');
    assert.throws(() => box.decrypt(parts.join('.')));
    assert.throws(() => createSecretBox(randomBytes(32)).decrypt(sealed));
    assert.notEqual(createSecretBox(randomBytes(32)).fingerprint, box.fingerprint);
  });
});
