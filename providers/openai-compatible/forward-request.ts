import type { TranslateContext, UpstreamCall } from '../../core/adapter.js';

/**
 * A request another front door turned into OpenAI's shape, sent to an OpenAI-compatible
 * endpoint as it is but for the model id, which becomes the upstream's.
 */
export function forwardRequest(path: string) {
  return (body: Record<string, unknown>, context: TranslateContext): UpstreamCall => ({
    method: 'POST',
    path,
    body: { ...body, model: context.upstreamModel },
  });
}
