/**
 * The server's Ed25519 key that signs offline bundles. Made at first use and
 * kept in the meta table, its private half encrypted with the secret key; every
 * server of one database shares it. Agents learn the public half at enrolment
 * (or from `ringmaster bundle key`) and refuse a bundle it did not sign.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';

const META_KEY = 'bundle_signing_key';

export interface SigningKey {
  /** SPKI PEM of the public key. */
  publicKeyPem: string;
  /** SHA-256 of the public key's DER, hex: short enough to compare by eye. */
  fingerprint: string;
  sign(data: Buffer): Buffer;
}

export async function loadSigningKey(db: Kysely<Database>, box: SecretBox): Promise<SigningKey> {
  let row = await db.selectFrom('meta').select('value').where('key', '=', META_KEY).executeTakeFirst();
  if (!row) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const sealed = box.encrypt(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    // Two servers starting at once: the first insert wins and both read it back.
    await db.insertInto('meta').values({ key: META_KEY, value: sealed }).onConflict((oc) => oc.column('key').doNothing()).execute();
    row = await db.selectFrom('meta').select('value').where('key', '=', META_KEY).executeTakeFirstOrThrow();
  }
  const privateKey = createPrivateKey(box.decrypt(row.value));
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: keyFingerprint(publicKey),
    sign: (data) => sign(null, data, privateKey),
  };
}

export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** False for a bad signature or a key that is not an Ed25519 public key. */
export function verifySignature(publicKeyPem: string, data: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}
