import { z } from 'zod';
/**
 * Whatever a client sends, validating it and translating it for Ollama throws nothing but
 * GatewayError: a TypeError or RangeError would escape as a 500 and, counted as an upstream
 * failure, could open a healthy connection's breaker. Reading the body is covered in
 * request-body.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ollamaConnectionSchema } from '../../../config/schema.js';
import type { TranslateContext } from '../../../core/adapter.js';
import { createOllamaAdapter } from '../../../providers/ollama/index.js';
import { GatewayError } from '../../../core/gateway-error.js';
import { chatCompletionRequestSchema, completionRequestSchema, embeddingsRequestSchema } from '../../../core/openai-types.js';
import { parseJsonObject } from '../../../src/edge/request-body.js';
import { validateRequest } from '../../../src/edge/validate-request.js';

const context: TranslateContext = { publicModel: 'chat', upstreamModel: 'llama3.2:1b', responseId: 'chatcmpl-property', now: 1_700_000_000 };
const adapters = (['generate', 'chat'] as const).map((ollamaApi) =>
  createOllamaAdapter(ollamaConnectionSchema.parse({ name: 'local', mode: 'ollama', base_url: 'http://127.0.0.1:11434', ollama_api: ollamaApi })),
);

/** Runs `step`; true when it returned or threw a GatewayError, false for anything else. */
function onlyGatewayErrors(step: () => unknown): boolean {
  try {
    step();
    return true;
  } catch (error) {
    if (error instanceof GatewayError) return true;
    throw error;
  }
}

/** A JSON value that is sometimes what a field expects and often not. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '../', 'a\r\nb', '\u0000', 'data:image/png;base64,AAAA', 'http://x/y.png'));
const contentPart = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record({ type: fc.constant('image_url'), image_url: fc.oneof(text, fc.record({ url: text, detail: fc.string() })) }),
  fc.record({ type: text }),
  anyJson,
);
const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool'), text),
    content: fc.oneof(text, fc.constant(null), fc.array(contentPart, { maxLength: 3 }), anyJson),
    name: text,
    tool_call_id: text,
    tool_calls: fc.array(fc.record({ id: text, type: fc.constant('function'), function: fc.record({ name: text, arguments: fc.oneof(text, fc.json(), fc.dictionary(fc.string(), anyJson)) }) }), { maxLength: 2 }),
  },
  { requiredKeys: ['role'] },
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2));
const chatBody = fc.record(
  {
    model: text,
    messages: fc.oneof(fc.array(message, { maxLength: 4 }), anyJson),
    stream: fc.oneof(fc.boolean(), anyJson),
    stream_options: fc.oneof(fc.record({ include_usage: fc.boolean() }), anyJson),
    max_tokens: fc.oneof(number, anyJson),
    max_completion_tokens: fc.oneof(number, anyJson),
    temperature: fc.oneof(number, anyJson),
    top_p: fc.oneof(number, anyJson),
    n: fc.oneof(number, anyJson),
    seed: fc.oneof(number, anyJson),
    stop: fc.oneof(text, fc.array(text, { maxLength: 20 }), anyJson),
    frequency_penalty: number,
    presence_penalty: number,
    tools: fc.oneof(fc.array(fc.record({ type: fc.constant('function'), function: fc.record({ name: text, parameters: fc.dictionary(fc.string(), anyJson) }) }), { maxLength: 2 }), anyJson),
    tool_choice: anyJson,
    response_format: fc.oneof(fc.record({ type: fc.constantFrom('text', 'json_object', 'json_schema'), json_schema: fc.record({ name: text, schema: fc.dictionary(fc.string(), anyJson) }) }), anyJson),
    options: fc.oneof(fc.dictionary(fc.string(), anyJson), anyJson),
    keep_alive: anyJson,
    think: fc.oneof(fc.boolean(), fc.constantFrom('low', 'medium', 'high', 'max'), anyJson),
    reasoning_effort: fc.oneof(fc.constantFrom('low', 'high', 'none'), anyJson),
  },
  { requiredKeys: ['model'] },
);

describe('the request path on arbitrary input', () => {
  it('validates and translates any chat request for Ollama or throws a GatewayError', () => {
    fc.assert(
      fc.property(chatBody, (body) =>
        onlyGatewayErrors(() => {
          const parsed = parseJsonObject(Buffer.from(JSON.stringify(body)));
          const request = validateRequest(chatCompletionRequestSchema, parsed);
          for (const adapter of adapters) {
            adapter.chat.request(request, context);
            adapter.chat.stream?.(request, context);
          }
        }),
      ),
      { numRuns: 1500 },
    );
  });

  it('validates and translates any completion or embeddings request for Ollama or throws a GatewayError', () => {
    const body = fc.record({ model: text, prompt: fc.oneof(text, fc.array(text, { maxLength: 2 }), anyJson), input: fc.oneof(text, fc.array(text, { maxLength: 3 }), anyJson), suffix: anyJson, echo: anyJson, encoding_format: anyJson, dimensions: anyJson, options: anyJson }, { requiredKeys: ['model'] });
    const [adapter] = adapters;
    fc.assert(
      fc.property(body, (value) =>
        onlyGatewayErrors(() => {
          const parsed = parseJsonObject(Buffer.from(JSON.stringify(value)));
          adapter?.completion.request(validateRequest(completionRequestSchema, parsed), context);
        }) &&
        onlyGatewayErrors(() => {
          const parsed = parseJsonObject(Buffer.from(JSON.stringify(value)));
          adapter?.embeddings.request(validateRequest(embeddingsRequestSchema, parsed), context);
        }),
      ),
      { numRuns: 800 },
    );
  });

  it('repeats in the message the param it names when validation fails', () => {
    fc.assert(
      fc.property(chatBody, (body) => {
        try {
          validateRequest(chatCompletionRequestSchema, body);
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayError);
          const { param, message } = error as GatewayError;
          if (param !== null) expect(message).toContain(param);
        }
      }),
      { numRuns: 800 },
    );
  });
});

describe('a union inside a union', () => {
  // Responses' `input` is a string or a list of items, each item a message whose content
  // is a string or a list of parts: a bad part is two unions deep.
  const part = z.discriminatedUnion('type', [z.object({ type: z.literal('input_text'), text: z.string() }), z.object({ type: z.literal('input_image'), image_url: z.string() })]);
  const schema = z.object({ input: z.union([z.string(), z.array(z.object({ role: z.string(), content: z.union([z.string(), z.array(part)]) }))]) });

  it('names the field with its whole path', () => {
    expect(() => validateRequest(schema, { input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }, { type: 'input_image', image_url: 7 }] }] })).toThrow(
      expect.objectContaining({ status: 400, param: 'input[0].content[1].image_url' }),
    );
  });
});
