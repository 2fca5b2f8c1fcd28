import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../local/config.ts';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      dataDir: '.data',
      logLevel: 'info',
      publicUrl: 'http://127.0.0.1:3000',
      tableName: 'relais',
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '4100',
        RELAIS_DATA_DIR: '/tmp/relais-data',
        DYNAMODB_PORT: '8123',
        LOG_LEVEL: 'DEBUG',
        RELAIS_PUBLIC_URL: 'https://relais.example.org/',
        RELAIS_TABLE_NAME: 'relais-dev',
      }),
    ).toEqual({
      port: 4100,
      dataDir: '/tmp/relais-data',
      dynamodbPort: 8123,
      logLevel: 'debug',
      publicUrl: 'https://relais.example.org',
      tableName: 'relais-dev',
    });
  });

  it('derives the public URL from PORT', () => {
    expect(loadConfig({ PORT: '3456' }).publicUrl).toBe('http://127.0.0.1:3456');
  });

  it('takes empty values as unset', () => {
    expect(loadConfig({ PORT: '', DYNAMODB_PORT: ' ', RELAIS_DATA_DIR: '', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      dataDir: '.data',
      logLevel: 'info',
    });
    expect(loadConfig({ DYNAMODB_PORT: '' })).not.toHaveProperty('dynamodbPort');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT must be between 1 and 65535/],
    [{ PORT: '30.5' }, /PORT must be a whole number/],
    [{ DYNAMODB_PORT: '0' }, /DYNAMODB_PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of debug, info, warn, error/],
    [{ RELAIS_PUBLIC_URL: 'not a url' }, /RELAIS_PUBLIC_URL/],
    [{ RELAIS_PUBLIC_URL: 'ftp://relais.example' }, /RELAIS_PUBLIC_URL/],
    [{ RELAIS_TABLE_NAME: 'a b' }, /RELAIS_TABLE_NAME/],
  ])('refuses %j clearly', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('names every problem at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });
});
