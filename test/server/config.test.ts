// Configuration from the environment: defaults, one clear message per bad variable, production needs a key.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('loadConfig', () => {
  it('applies the documented defaults and warns that signatures are off outside production', () => {
    const { config, warnings } = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, GHL_API_BASE_URL: 'https://services.leadconnectorhq.com', GHL_API_VERSION: '2021-07-28', MAX_CLOCK_SKEW_MS: 300_000, MAX_MESSAGE_AGE_MS: 7_200_000 });
    expect(config.REDIS_URL).toBeUndefined();
    expect(warnings.some((w) => w.includes('GHL_WEBHOOK_PUBLIC_KEY'))).toBe(true);
  });

  it('names every bad variable once, without echoing its value', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://secret-host:6379', LOCK_TTL_MS: '-5', LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'REDIS_URL', 'ADMIN_TOKEN', 'LOCK_TTL_MS', 'LOG_LEVEL']);
    expect((error as ConfigError).message).not.toContain('secret-host');
  });

  it('refuses to start in production without a webhook public key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/GHL_WEBHOOK_PUBLIC_KEY: required when NODE_ENV=production/);
  });

  it('accepts an Ed25519 PEM key (also with escaped newlines) and refuses any other key', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(loadConfig({ NODE_ENV: 'production', GHL_WEBHOOK_PUBLIC_KEY: ed.replace(/\n/g, '\\n') }).config.GHL_WEBHOOK_PUBLIC_KEY).toBe(ed);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadConfig({ GHL_WEBHOOK_PUBLIC_KEY: rsa })).toThrow(/must be an Ed25519 public key/);
  });
});
