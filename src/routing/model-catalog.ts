/**
 * Which public model ids exist and which connections serve them: aliases from `models:`,
 * fixed lists from `connections[].models`, and lists discovered from each upstream (Ollama
 * `/api/tags`, OpenAI-compatible `/models`), kept for `models_cache_ttl_ms`.
 *
 * Lists never block: once a connection's list is known, an expired one is answered at
 * once while one refresh runs in the background, so a box that hangs delays nobody but
 * its own refresh. Only a connection never discovered yet is waited for, once.
 */
import { LRUCache } from 'lru-cache';
import type { AliasConfig } from '../../config/schema.js';
import type { UpstreamModel } from '../../core/adapter.js';
import type { Connection } from '../upstream/connection.js';
import type { Logger } from '../observability/logger.js';
import { fetchUpstreamJson } from '../upstream/fetch-upstream-json.js';
import type { ModelObject } from '../../core/openai-types.js';

/** One way to serve a public model id. */
export interface Candidate {
  connection: Connection;
  upstreamModel: string;
  /** Request fields used when the client sent none (aliases only). */
  defaults: Record<string, unknown>;
  /** The alias's own routing (strategy, affinity), over the gateway's. */
  routing?: AliasConfig['routing'];
}

interface ConnectionModels {
  /** Public id → upstream model, for the models as listed. */
  byPublicId: Map<string, UpstreamModel>;
  /** Public id → upstream model, for other ids the upstream accepts. */
  byAlias: Map<string, UpstreamModel>;
  /** Whether the last discovery failed (the connection is then left out of listings). */
  failed: boolean;
}

export class ModelCatalog {
  private readonly cache: LRUCache<string, ConnectionModels>;
  private readonly failing = new Set<string>();

  constructor(
    private readonly connections: readonly Connection[],
    private readonly aliases: readonly AliasConfig[],
    ttlMs: number,
    private readonly discoveryTimeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.cache = new LRUCache<string, ConnectionModels>({
      max: Math.max(1, connections.length),
      // lru-cache reads a ttl of 0 as "forever"; 0 here means "always refetch".
      ttl: Math.max(1, ttlMs),
      // An expired list stays readable (and routable) until its refresh replaces it.
      allowStale: true,
      noDeleteOnStaleGet: true,
      fetchMethod: (name, stale) => this.discover(name, stale),
    });
  }

  /** Every candidate for a public id, in configuration order. */
  async resolve(publicId: string): Promise<Candidate[]> {
    const candidates: Candidate[] = [];
    for (const alias of this.aliases) {
      if (alias.name !== publicId) continue;
      const connection = this.connections.find((item) => item.name === alias.connection);
      if (connection) candidates.push({ connection, upstreamModel: alias.model, defaults: alias.defaults, routing: alias.routing });
    }
    if (candidates.length > 0) return candidates;
    // What is known answers at once; a connection never discovered yet is waited for only
    // when the known lists do not have the id, so a hanging box delays no other box's models.
    const found = this.match(publicId, this.knownLists(false));
    if (found.length > 0) return found;
    const known = this.match(publicId, await this.knownLists(true));
    // An id missing from an expired list may be a model pulled since: look again once refreshed.
    if (known.length === 0 && this.connections.some((connection) => this.cache.getRemainingTTL(connection.name) <= 0)) {
      return this.match(publicId, await this.refreshedLists());
    }
    return known;
  }

  private match(publicId: string, lists: ConnectionModels[]): Candidate[] {
    const candidates: Candidate[] = [];
    lists.forEach((models, index) => {
      const upstream = models.byPublicId.get(publicId) ?? models.byAlias.get(publicId);
      const connection = this.connections[index];
      if (upstream && connection) candidates.push({ connection, upstreamModel: upstream.id, defaults: {} });
    });
    return candidates;
  }

  /**
   * Every connection's list as known now. An expired list is answered at once while its
   * refresh runs in the background; a list never fetched is empty, or waited for.
   */
  private knownLists(waitForFirst: false): ConnectionModels[];
  private knownLists(waitForFirst: true): ConnectionModels[] | Promise<ConnectionModels[]>;
  private knownLists(waitForFirst: boolean): ConnectionModels[] | Promise<ConnectionModels[]> {
    let missing = false;
    const lists = this.connections.map((connection) => {
      const known = this.cache.get(connection.name);
      if (this.cache.getRemainingTTL(connection.name) <= 0) void this.cache.fetch(connection.name);
      if (known === undefined) missing = true;
      return known;
    });
    if (!missing || !waitForFirst) return lists.map((list) => list ?? emptyList());
    return Promise.all(this.connections.map(async (connection, index) => lists[index] ?? (await this.cache.fetch(connection.name)) ?? emptyList()));
  }

  /** Every connection's list, waiting for the refreshes of expired ones. */
  private refreshedLists(): Promise<ConnectionModels[]> {
    return Promise.all(
      this.connections.map(async (connection) => {
        const stale = this.cache.getRemainingTTL(connection.name) <= 0;
        return (stale ? await this.cache.fetch(connection.name, { allowStale: false }) : this.cache.get(connection.name)) ?? emptyList();
      }),
    );
  }

  /** The upstream ids a connection is known to serve now (its last discovered or fixed list); never waits. */
  servedModels(connection: Connection): string[] {
    const known = this.cache.get(connection.name);
    return known ? [...known.byPublicId.values()].map((model) => model.id) : [];
  }

  /** Starts every connection's first discovery, so the first requests need not wait for it. */
  warm(): void {
    for (const connection of this.connections) void this.cache.fetch(connection.name);
  }

  /** Fetches a connection's list again now (a box that came back serves at once). */
  async refresh(connection: Connection): Promise<void> {
    await this.cache.fetch(connection.name, { forceRefresh: true, allowStale: false });
  }

  /** Every public model: aliases first, then each reachable connection's models. */
  async list(): Promise<ModelObject[]> {
    const lists = await this.knownLists(true);
    const seen = new Set<string>();
    const result: ModelObject[] = [];
    const now = Math.floor(Date.now() / 1000);
    for (const alias of this.aliases) {
      const connection = this.connections.find((item) => item.name === alias.connection);
      if (seen.has(alias.name) || connection?.health.up === false) continue;
      seen.add(alias.name);
      result.push({ id: alias.name, object: 'model', created: now, owned_by: alias.connection, root: alias.model });
    }
    lists.forEach((models, index) => {
      const connection = this.connections[index];
      if (!connection || models.failed || connection.health.up === false) return;
      for (const [id, upstream] of models.byPublicId) {
        if (seen.has(id)) continue;
        seen.add(id);
        result.push({
          id,
          object: 'model',
          created: upstream.created ?? now,
          owned_by: upstream.owned_by ?? connection.name,
          ...(upstream.details ? { details: upstream.details } : {}),
        });
      }
    });
    return result;
  }

  private async discover(name: string, stale: ConnectionModels | undefined): Promise<ConnectionModels> {
    const connection = this.connections.find((item) => item.name === name);
    if (!connection) return emptyList();
    const { config, adapter } = connection;
    try {
      const models =
        config.models.length > 0
          ? config.models.map((id): UpstreamModel => ({ id }))
          : adapter.models.parse(await fetchUpstreamJson(connection, adapter.models.call, this.discoveryTimeoutMs));
      if (this.failing.delete(name)) this.logger.info({ connection: name }, 'model discovery works again');
      const prefix = config.prefix ? `${config.prefix}/` : '';
      const byAlias = new Map(models.flatMap((model) => (model.aliases ?? []).map((alias) => [prefix + alias, model] as const)));
      return { byPublicId: new Map(models.map((model) => [prefix + model.id, model])), byAlias, failed: false };
    } catch (error) {
      // One line when a connection starts failing, not one per request.
      if (!this.failing.has(name)) {
        this.failing.add(name);
        this.logger.warn({ connection: name, error: (error as Error).message }, 'model discovery failed; connection left out of the model list');
      }
      // The last known models still route (a request then gets 503, not a puzzling 404),
      // but the connection is left out of listings.
      return { byPublicId: stale?.byPublicId ?? new Map(), byAlias: stale?.byAlias ?? new Map(), failed: true };
    }
  }
}

function emptyList(): ConnectionModels {
  return { byPublicId: new Map(), byAlias: new Map(), failed: true };
}
