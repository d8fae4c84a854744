import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { config } from '../src/config.js';
import { startDevIdp } from '../src/index.js';
import { runMain } from './support/process.js';
import { removeTemporaryDirectories, spSettings, temporaryDirectory } from './support/service-provider.js';

afterAll(removeTemporaryDirectories);

const validEnv: Record<string, string> = {
  DATA_DIR: '/tmp/procura-dev-idp-config',
  SP_ENTITY_ID: spSettings.entityId,
  SP_ACS_URL: spSettings.acsUrl,
  SP_SLO_URL: spSettings.sloUrl,
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('refusing production', () => {
  it('the process exits with code 1 and says why when NODE_ENV=production', async () => {
    const idp = runMain({
      ...validEnv,
      DATA_DIR: await temporaryDirectory(),
      NODE_ENV: 'production',
      PORT: '0',
    });
    const { code } = await idp.exited;
    expect(code).toBe(1);
    expect(idp.stderr()).toContain('refusing to start: NODE_ENV=production');
    expect(idp.stdout()).not.toContain('listening');
  }, 120_000);

  it('config() and startDevIdp() refuse it too', async () => {
    expect(() => config({ ...validEnv, NODE_ENV: 'production' })).toThrow(/NODE_ENV=production/);
    vi.stubEnv('NODE_ENV', 'production');
    await expect(
      startDevIdp({ dataDir: await temporaryDirectory(), port: 0, sp: spSettings }),
    ).rejects.toThrow(/NODE_ENV=production/);
  });
});

describe('configuration', () => {
  it('names every required variable that is missing', () => {
    let message = '';
    try {
      config({});
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['DATA_DIR', 'SP_ENTITY_ID', 'SP_ACS_URL', 'SP_SLO_URL'])
      expect(message).toContain(name);
  });

  it('defaults to port 4200 on 127.0.0.1, public at http://localhost:4200', () => {
    expect(config(validEnv)).toMatchObject({
      port: 4200,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:4200',
      logLevel: 'info',
      sp: { entityId: spSettings.entityId, acsUrl: spSettings.acsUrl, sloUrl: spSettings.sloUrl },
    });
    expect(config({ ...validEnv, PUBLIC_URL: 'https://idp.procura.test/' }).publicUrl).toBe(
      'https://idp.procura.test',
    );
  });

  it('refuses an SP URL that is not a URL', () => {
    expect(() => config({ ...validEnv, SP_ACS_URL: 'acs' })).toThrow(/SP_ACS_URL/);
  });
});

describe('the process', () => {
  it('starts, serves its metadata and stops on SIGTERM', async () => {
    const idp = runMain({
      ...process.env,
      ...validEnv,
      NODE_ENV: 'development',
      DATA_DIR: await temporaryDirectory(),
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    try {
      const listening = await idp.waitForLog('listening');
      const url = String(listening.url);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(listening.metadataUrl).toBe(`${url}/metadata`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/metadata`)).text()).toContain(`entityID="${url}/metadata"`);
    } finally {
      idp.child.kill('SIGTERM');
    }
    expect(await idp.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
