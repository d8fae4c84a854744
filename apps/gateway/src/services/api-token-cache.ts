// The integrations' identities, kept a short while by token hash so that an integration's calls do
// not each cost a database round trip. A revocation reaches every gateway replica at once through
// PostgreSQL's NOTIFY (sent by revokeApiToken in the revoking transaction); a replica that is not
// listening (not yet connected, or its listening connection lost) keeps nothing and asks the
// database every time.
import type { TIdentity } from '@procura/http';
import pg from 'pg';

export const apiTokenRevokedChannel = 'identity_api_token_revoked';

interface Entry {
  tokenId: string;
  identity: TIdentity;
  /** The token's own expiry and the end of this entry's life, in epoch milliseconds. */
  expiresAt: number;
  keepUntil: number;
}

export class ApiTokenCache {
  private readonly entries = new Map<string, Entry>();
  /** Tokens revoked while this replica listened: never cached again, even by a lookup in flight. */
  private readonly revoked = new Set<string>();
  private listening = false;

  constructor(
    private readonly options: { ttlMs: number; maxEntries: number } = { ttlMs: 30_000, maxEntries: 10_000 },
  ) {}

  get(tokenHash: string, now: Date): Entry | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    const at = now.getTime();
    if (at >= entry.keepUntil || at >= entry.expiresAt || !this.listening) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  set(tokenHash: string, entry: Omit<Entry, 'keepUntil'>, now: Date): void {
    if (!this.listening || this.revoked.has(entry.tokenId)) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.options.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(tokenHash, { ...entry, keepUntil: now.getTime() + this.options.ttlMs });
  }

  revoke(tokenId: string): void {
    this.revoked.add(tokenId);
    for (const [hash, entry] of this.entries) if (entry.tokenId === tokenId) this.entries.delete(hash);
  }

  /** Caching only while revocations are heard; losing them forgets everything. */
  setListening(listening: boolean): void {
    this.listening = listening;
    if (!listening) this.entries.clear();
  }
}

/**
 * Listens for revocations on a connection of its own, and connects again after a loss (every
 * `retryMs`); until it listens again the cache keeps nothing.
 */
export function listenForRevocations(
  databaseUrl: string,
  cache: ApiTokenCache,
  logger: { warn(object: object, message: string): void },
  retryMs = 1_000,
): { ready: Promise<void>; stop(): Promise<void> } {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const lost = (which: pg.Client) => (error?: Error) => {
    if (client !== which) return;
    cache.setListening(false);
    which.removeAllListeners();
    which.end().catch(() => undefined);
    client = undefined;
    if (stopped) return;
    logger.warn({ err: error }, 'not hearing API token revocations: tokens are checked in the database');
    retry = setTimeout(connect, retryMs);
  };

  const connect = () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'procura-gateway-listen' });
    client = next;
    next.on('error', lost(next));
    next.on('end', () => lost(next)());
    next.on('notification', (message) => {
      if (message.channel === apiTokenRevokedChannel && message.payload) cache.revoke(message.payload);
    });
    next
      .connect()
      .then(() => next.query(`listen ${apiTokenRevokedChannel}`))
      .then(() => {
        if (client !== next) return;
        cache.setListening(true);
        resolveReady();
      })
      .catch(lost(next));
  };
  connect();

  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      cache.setListening(false);
      const last = client;
      client = undefined;
      last?.removeAllListeners();
      await last?.end().catch(() => undefined);
    },
  };
}
