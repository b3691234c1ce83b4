/**
 * Which public model ids exist and which connections serve them: aliases from `models:`,
 * fixed lists from `connections[].models`, and lists discovered from each upstream (Ollama
 * `/api/tags`, OpenAI-compatible `/models`), kept for `models_cache_ttl_ms`. Concurrent
 * lookups during a refresh share one upstream fetch.
 */
import { LRUCache } from 'lru-cache';
import type { AliasConfig } from '../config/schema.js';
import type { UpstreamModel } from '../providers/adapter.js';
import type { Connection } from './connection.js';
import type { Logger } from './logger.js';
import { fetchUpstreamJson } from './upstream-client.js';
import type { ModelObject } from './openai-types.js';

/** One way to serve a public model id. */
export interface Candidate {
  connection: Connection;
  upstreamModel: string;
  /** Request fields used when the client sent none (aliases only). */
  defaults: Record<string, unknown>;
}

interface ConnectionModels {
  /** Public id → upstream model. */
  byPublicId: Map<string, UpstreamModel>;
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
      fetchMethod: (name) => this.discover(name),
    });
  }

  /** Every candidate for a public id, in configuration order. */
  async resolve(publicId: string): Promise<Candidate[]> {
    const candidates: Candidate[] = [];
    for (const alias of this.aliases) {
      if (alias.name !== publicId) continue;
      const connection = this.connections.find((item) => item.name === alias.connection);
      if (connection) candidates.push({ connection, upstreamModel: alias.model, defaults: alias.defaults });
    }
    if (candidates.length > 0) return candidates;
    const lists = await Promise.all(this.connections.map((connection) => this.modelsOf(connection)));
    lists.forEach((models, index) => {
      const upstream = models.byPublicId.get(publicId);
      const connection = this.connections[index];
      if (upstream && connection) candidates.push({ connection, upstreamModel: upstream.id, defaults: {} });
    });
    return candidates;
  }

  /** Every public model: aliases first, then each reachable connection's models. */
  async list(): Promise<ModelObject[]> {
    const lists = await Promise.all(this.connections.map((connection) => this.modelsOf(connection)));
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

  private async modelsOf(connection: Connection): Promise<ConnectionModels> {
    return (await this.cache.fetch(connection.name)) ?? { byPublicId: new Map(), failed: true };
  }

  private async discover(name: string): Promise<ConnectionModels> {
    const connection = this.connections.find((item) => item.name === name);
    if (!connection) return { byPublicId: new Map(), failed: true };
    const { config, adapter } = connection;
    try {
      const models =
        config.models.length > 0
          ? config.models.map((id): UpstreamModel => ({ id }))
          : adapter.models.parse(await fetchUpstreamJson(connection, adapter.models.call, this.discoveryTimeoutMs));
      if (this.failing.delete(name)) this.logger.info({ connection: name }, 'model discovery works again');
      const prefix = config.prefix ? `${config.prefix}/` : '';
      return { byPublicId: new Map(models.map((model) => [prefix + model.id, model])), failed: false };
    } catch (error) {
      // One line when a connection starts failing, not one per request.
      if (!this.failing.has(name)) {
        this.failing.add(name);
        this.logger.warn({ connection: name, error: (error as Error).message }, 'model discovery failed; connection left out of the model list');
      }
      return { byPublicId: new Map(), failed: true };
    }
  }
}
