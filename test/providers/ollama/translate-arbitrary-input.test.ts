/**
 * Whatever they are given, the adapter's functions either answer or throw a GatewayError:
 * never a TypeError that would escape the gateway's error handling. Requests reach an
 * adapter as the gateway hands them over: validated against the translation's schema.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ollamaConnectionSchema } from '../../../config/schema.js';
import { GatewayError } from '../../../core/gateway-error.js';
import { createOllamaAdapter } from '../../../providers/ollama/index.js';
import type { EndpointTranslation } from '../../../core/adapter.js';
import { validateRequest } from '../../../src/edge/validate-request.js';
import { context } from './replay-fixture.js';

const adapters = (['generate', 'chat'] as const).map((ollamaApi) =>
  createOllamaAdapter(ollamaConnectionSchema.parse({ name: 'local', mode: 'ollama', base_url: 'http://127.0.0.1:11434', ollama_api: ollamaApi })),
);
const [adapter] = adapters;
if (adapter === undefined) {
  throw new Error('no adapter');
}

/** Validates as the edge does, then translates. */
function translateRequest<Request>(translation: EndpointTranslation<Request, unknown, unknown>, body: unknown): unknown {
  return translation.request(validateRequest(translation.schema, body), context);
}

function throwsOnlyGatewayErrors(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    return error instanceof GatewayError;
  }
}

const imageUrl = fc.oneof(
  fc.string(),
  fc.constant('https://example.com/cat.png'),
  fc.base64String().map((data) => `data:image/png;base64,${data}`),
);
const contentPart = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.string() }),
  fc.record({ type: fc.constant('image_url'), image_url: fc.oneof(imageUrl, fc.record({ url: imageUrl })) }),
  fc.anything(),
);
const content = fc.oneof(fc.string(), fc.constant(null), fc.array(contentPart, { maxLength: 3 }), fc.anything());
const toolCall = fc.record(
  {
    id: fc.string(),
    type: fc.constant('function'),
    function: fc.record({ name: fc.string(), arguments: fc.oneof(fc.json(), fc.string(), fc.dictionary(fc.string(), fc.jsonValue())) }),
  },
  { requiredKeys: ['function'] },
);
const message = fc.record(
  {
    role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'other'),
    content,
    name: fc.string(),
    tool_calls: fc.array(toolCall, { maxLength: 2 }),
    tool_call_id: fc.string(),
    reasoning_content: fc.string(),
  },
  { requiredKeys: ['role'] },
);
const chatRequest = fc.record(
  {
    model: fc.string(),
    messages: fc.array(message, { maxLength: 4 }),
    stream: fc.option(fc.boolean()),
    stream_options: fc.anything(),
    max_tokens: fc.anything(),
    temperature: fc.oneof(fc.double(), fc.anything()),
    stop: fc.oneof(fc.string(), fc.array(fc.string()), fc.anything()),
    n: fc.oneof(fc.integer(), fc.anything()),
    tools: fc.array(fc.record({ type: fc.constant('function'), function: fc.record({ name: fc.string() }) }), { maxLength: 2 }),
    tool_choice: fc.anything(),
    response_format: fc.oneof(fc.record({ type: fc.constantFrom('text', 'json_object', 'json_schema'), json_schema: fc.anything() }), fc.anything()),
    options: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.anything()),
    keep_alive: fc.anything(),
    think: fc.anything(),
    reasoning_effort: fc.oneof(fc.constantFrom('none', 'low', 'high', 'bogus'), fc.anything()),
  },
  { requiredKeys: ['model', 'messages'] },
);
const ollamaToolCall = fc.record(
  { id: fc.anything(), function: fc.record({ index: fc.anything(), name: fc.oneof(fc.string(), fc.anything()), arguments: fc.oneof(fc.jsonValue(), fc.anything()) }) },
  { requiredKeys: ['function'] },
);
const ollamaLine = fc.record(
  {
    model: fc.string(),
    created_at: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.string()),
    message: fc.record({ role: fc.string(), content: fc.oneof(fc.string(), fc.anything()), thinking: fc.string(), tool_calls: fc.array(ollamaToolCall, { maxLength: 2 }) }),
    response: fc.oneof(fc.string(), fc.anything()),
    thinking: fc.string(),
    done: fc.oneof(fc.boolean(), fc.anything()),
    done_reason: fc.oneof(fc.constantFrom('stop', 'length', 'load', 'unload', 'constructor', '__proto__'), fc.anything()),
    prompt_eval_count: fc.oneof(fc.nat(), fc.anything()),
    eval_count: fc.oneof(fc.nat(), fc.anything()),
    error: fc.oneof(fc.string(), fc.anything()),
  },
  { requiredKeys: [] },
);
const frame = fc.oneof(ollamaLine, fc.anything());

describe('the Ollama adapter on arbitrary input', () => {
  it('translates chat requests or throws a GatewayError', () => {
    fc.assert(
      fc.property(fc.oneof(chatRequest, fc.anything()), (body) =>
        adapters.every((each) => throwsOnlyGatewayErrors(() => translateRequest(each.chat, body))),
      ),
      { numRuns: 500 },
    );
  });

  it('translates completion and embeddings requests or throws a GatewayError', () => {
    const request = fc.record({ model: fc.string(), prompt: fc.anything(), input: fc.anything(), suffix: fc.anything(), echo: fc.anything(), raw: fc.anything() });
    fc.assert(
      fc.property(fc.oneof(request, fc.anything()), (body) =>
        throwsOnlyGatewayErrors(() => translateRequest(adapter.completion, body)) &&
        throwsOnlyGatewayErrors(() => translateRequest(adapter.embeddings, body)),
      ),
      { numRuns: 300 },
    );
  });

  it('translates stream lines or throws a GatewayError, to the end', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(frame, { maxLength: 6 }), (body, frames) => {
        for (const translator of [adapter.chat.stream!(body as never, context), adapter.completion.stream!(body as never, context)]) {
          const completed = throwsOnlyGatewayErrors(() => {
            for (const each of frames) {
              translator.push(each);
            }
            translator.end();
          });
          if (!completed) {
            return false;
          }
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('translates whole responses and model lists or throws a GatewayError', () => {
    fc.assert(
      fc.property(frame, (body) =>
        [
          () => adapter.chat.response(body, { model: 'chat', messages: [{ role: 'user', content: 'Hi' }] }, context),
          () => adapter.completion.response(body, { model: 'chat', prompt: 'Hi' }, context),
          () => adapter.embeddings.response(body, { model: 'chat', input: 'Hi' }, context),
          () => adapter.models.parse(body),
        ].every(throwsOnlyGatewayErrors),
      ),
      { numRuns: 500 },
    );
  });

  it('maps any upstream failure to a GatewayError without throwing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.oneof(fc.string(), fc.json()), (status, body) => {
        expect(adapter.translateError(status, body, context)).toBeInstanceOf(GatewayError);
      }),
      { numRuns: 300 },
    );
  });
});
