// Composition root: configuration (refused in production) → key material → app → listen → SIGTERM.
import { pino } from 'pino';
import { type DevIdpConfig, config as readConfig } from './config.js';
import { startDevIdp } from './index.js';

let config: DevIdpConfig;
try {
  config = readConfig();
} catch (error) {
  console.error(`dev-idp: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const logger = pino({ name: 'dev-idp', level: config.logLevel, base: { service: 'dev-idp' } });
const idp = await startDevIdp({
  dataDir: config.dataDir,
  port: config.port,
  host: config.host,
  ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  sp: config.sp,
  logger,
});
logger.info(
  {
    url: idp.url,
    metadataUrl: idp.metadataUrl,
    sp: { entityId: config.sp.entityId, acsUrl: config.sp.acsUrl, sloUrl: config.sp.sloUrl },
  },
  'development identity provider listening (development only: never run it in production)',
);

const onSignal = (signal: NodeJS.Signals) => {
  logger.info({ signal }, 'signal received, shutting down');
  idp.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.once('SIGTERM', onSignal);
process.once('SIGINT', onSignal);
