// The development IdP as a library: the gateway's tests and the stack launcher start it in-process
// with `startDevIdp`, or run `dist/main.js` as a process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import { createApp } from './app.js';
import { assertNotProduction } from './config.js';
import {
  createIdentityProvider,
  type ServiceProviderSettings,
  warmUpSchemaValidator,
} from './identity-provider.js';
import { loadOrCreateKeyMaterial } from './key-material.js';

export { createApp, type DevIdpAppDeps, sessionCookieName } from './app.js';
export {
  createIdentityProvider,
  type DevIdentityProvider,
  nameIdFormatEmail,
  notBeforeSkewMs,
  responseLifetimeMs,
  type ServiceProviderSettings,
  signatureAlgorithm,
} from './identity-provider.js';
export { type KeyMaterial, keyDirectory, loadOrCreateKeyMaterial } from './key-material.js';
export { roleGroups, type SamlUserAttributes, samlAttributesOf } from './users.js';

export interface StartDevIdpOptions {
  /** The signing key and certificate are kept in `${dataDir}/dev-idp` (generated at the first start). */
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `http://127.0.0.1:<port>`; the entity id is `${publicUrl}/metadata`. */
  publicUrl?: string;
  sp: ServiceProviderSettings;
  /** Default: JSON logs at level `warn`. */
  logger?: Logger;
}

export interface RunningDevIdp {
  /** The public URL, without a trailing slash. */
  url: string;
  /** The entity id, which is also where the metadata is served. */
  metadataUrl: string;
  metadataXml: string;
  signingCertPem: string;
  /** Stops listening and closes open connections. Idempotent. */
  stop(): Promise<void>;
}

export async function startDevIdp(options: StartDevIdpOptions): Promise<RunningDevIdp> {
  assertNotProduction();
  const logger = options.logger ?? pino({ name: 'dev-idp', level: 'warn', base: { service: 'dev-idp' } });
  const keyMaterial = await loadOrCreateKeyMaterial(options.dataDir);
  if (keyMaterial.created) logger.info({ directory: keyMaterial.directory }, 'signing key pair generated');
  await warmUpSchemaValidator();

  const host = options.host ?? '127.0.0.1';
  // The app needs the public URL, which with port 0 is known only once listening.
  let app: ReturnType<typeof createApp> | undefined;
  const server = createServer((req, res) => {
    if (app) return app(req, res);
    res.writeHead(503).end();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = (options.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(
    /\/+$/,
    '',
  );
  const identityProvider = createIdentityProvider({ publicUrl: url, keyMaterial, sp: options.sp });
  app = createApp({ identityProvider, logger });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1_000).unref();
    });
    return stopping;
  };

  return {
    url,
    metadataUrl: identityProvider.entityId,
    metadataXml: identityProvider.metadataXml,
    signingCertPem: keyMaterial.certificatePem,
    stop,
  };
}
