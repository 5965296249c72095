import type { SecretBox } from '../platform/crypto/secret-box.ts';
import type { ConfigValue, NotifierSpec, ProductSpec, TargetSpec } from './product-spec.ts';

/** Applies `fn` to every secret configuration value of a product, and to webhook secrets; other values pass through. */
function mapSecrets(spec: ProductSpec, fn: (value: string) => string): ProductSpec {
  return {
    ...spec,
    notifiers: mapWebhookSecrets(spec.notifiers, (_name, value) => fn(value)),
    targets: spec.targets.map((t) => ({
      ...t,
      config: Object.fromEntries(
        Object.entries(t.config).map(([key, v]): [string, ConfigValue] => [key, v.secret ? { value: fn(v.value), secret: true } : v]),
      ),
    })),
  };
}

/**
 * Before storing: secret values become ciphertext. A value unchanged since
 * `previous` (given sealed and unsealed) keeps its ciphertext, so an apply
 * that changes nothing else rewrites nothing.
 */
export function sealSecrets(spec: ProductSpec, box: SecretBox, previous?: { sealed: ProductSpec; plain: ProductSpec }): ProductSpec {
  const reuse = new Map<string, string>();
  previous?.plain.targets.forEach((t, i) => {
    for (const [key, v] of Object.entries(t.config)) {
      const sealed = previous.sealed.targets[i]?.config[key];
      if (v.secret && sealed?.secret) reuse.set(`${t.name}\u0000${key}\u0000${v.value}`, sealed.value);
    }
  });
  const reuseHook = new Map<string, string>();
  previous?.plain.notifiers.forEach((n, i) => {
    const sealed = previous.sealed.notifiers[i];
    if (n.kind === 'webhook' && n.secret && sealed?.kind === 'webhook' && sealed.secret) reuseHook.set(`${n.name}\u0000${n.secret.value}`, sealed.secret.value);
  });
  return {
    ...spec,
    notifiers: mapWebhookSecrets(spec.notifiers, (name, value) => reuseHook.get(`${name}\u0000${value}`) ?? box.encrypt(value)),
    targets: spec.targets.map((t) => ({
      ...t,
      config: Object.fromEntries(
        Object.entries(t.config).map(([key, v]): [string, ConfigValue] => [
          key,
          v.secret ? { value: reuse.get(`${t.name}\u0000${key}\u0000${v.value}`) ?? box.encrypt(v.value), secret: true } : v,
        ]),
      ),
    })),
  };
}

function mapWebhookSecrets(notifiers: NotifierSpec[], fn: (name: string, value: string) => string): NotifierSpec[] {
  return notifiers.map((n) => (n.kind === 'webhook' && n.secret ? { ...n, secret: { value: fn(n.name, n.secret.value), secret: true } } : n));
}

/** For comparing with a new file on the server; the plain values never leave it. */
export function unsealSecrets(spec: ProductSpec, box: SecretBox): ProductSpec {
  return mapSecrets(spec, (v) => box.decrypt(v));
}

/** What callers may see of a target's configuration: secret values are withheld. */
export type PublicConfigValue = { value: string; secret: false } | { secret: true };

export function publicConfig(target: TargetSpec): Record<string, PublicConfigValue> {
  return Object.fromEntries(Object.entries(target.config).map(([k, v]) => [k, v.secret ? { secret: true } : v]));
}
