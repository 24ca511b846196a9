import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has defaults that need no environment', () => {
    const config = loadConfig({}, {});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('./data');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.secureCookies).toBe(false);
  });

  it('takes environment variables, and flags over them', () => {
    const config = loadConfig({ port: '9000' }, { RECKON_PORT: '7000', RECKON_DATA_DIR: '/srv/reckon' });
    expect(config.port).toBe(9000);
    expect(config.dataDir).toBe('/srv/reckon');
  });

  it('makes cookies Secure when the public address is https', () => {
    expect(loadConfig({}, { RECKON_PUBLIC_URL: 'https://reckon.example.org' }).secureCookies).toBe(true);
  });

  it('names every wrong value and what is allowed', () => {
    let error: unknown;
    try {
      loadConfig({}, { RECKON_PORT: 'eighty', DATABASE_URL: 'mysql://x', RECKON_LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('RECKON_PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('postgres://');
    expect(message).toContain('RECKON_LOG_LEVEL');
    expect(message).toContain('"loud"');
    // A connection URL may hold a password: it is never echoed back.
    expect(message).not.toContain('mysql://x');
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ port: 70000 }, {})).toThrow(/port/);
  });
});
