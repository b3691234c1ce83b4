import type { Response } from 'express';
import type { DeclarativeHooks } from '../../config/hooks-schema.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { HookChain } from './hook-chain.js';

/**
 * The hooks of one chat request: the hook modules that serve its public model, then the
 * alias's and the API key's declarative ones. Undefined when none applies, so a request
 * without hooks costs nothing and passes through byte for byte.
 */
export function createHookChain(gateway: Gateway, res: Response, publicModel: string, stream: boolean): HookChain | undefined {
  const aliasHooks = gateway.config.models.find((alias) => alias.name === publicModel)?.hooks;
  const keyHooks = res.locals.keyHooks as DeclarativeHooks | undefined;
  const modules = gateway.hooks.filter((hook) => hook.models === undefined || hook.models.has(publicModel));
  if (modules.length === 0 && !aliasHooks && !keyHooks) return undefined;
  return new HookChain({
    hooks: modules,
    declarative: [aliasHooks, keyHooks],
    facts: { model: publicModel, requestId: contextOf(res).id, apiKeyName: res.locals.apiKeyName as string | undefined, stream },
    logger: gateway.logger,
  });
}
