/**
 * POST /v1/embeddings of the stand-in vLLM: `{"id":"embd-…","object":"list","created",
 * "model","data":[{"index","object":"embedding","embedding"}],"usage"}`, the embedding a
 * float list or, with `encoding_format: "base64"`, little-endian float32 bytes in base64.
 */
import { createVllmId, planOpenAIJson, planValidationError } from './openai-answers.js';
import * as request from './openai-request.js';
import { PythonTuple } from './python-text.js';
import type { PlannedResponse } from './send-planned-response.js';
import type { Exchange } from './stand-in-server.js';
import { countWords } from './stand-in-reply.js';
import { embedText, encodeEmbeddingBase64 } from './text-embedding.js';

function readInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input)) return input.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
  return [String(input)];
}

/** Plans the answer to POST /v1/embeddings. */
export function planOpenAIEmbeddings(exchange: Exchange): PlannedResponse {
  const decoded = request.decodeOpenAIBody(exchange, ['input']);
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const encoding = body['encoding_format'] ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64') {
    const error = {
      type: 'literal_error',
      loc: new PythonTuple(['body', 'encoding_format']),
      msg: "Input should be 'float' or 'base64'",
      input: encoding,
      ctx: { expected: "'float' or 'base64'" },
    };
    return planValidationError([error]);
  }
  const model = request.resolveOpenAIModel(body, exchange.models);
  if (!model.ok) return model.answer;
  const requestedDimensions = body['dimensions'];
  const dimensions =
    typeof requestedDimensions === 'number' && requestedDimensions > 0 && requestedDimensions < exchange.embeddingDimensions
      ? Math.floor(requestedDimensions)
      : exchange.embeddingDimensions;
  const inputs = readInputs(body['input']);
  const promptTokens = inputs.reduce((sum, text) => sum + Math.max(1, countWords(text)), 0);
  const data = inputs.map((text, index) => {
    const vector = embedText(text, dimensions);
    return { index, object: 'embedding', embedding: encoding === 'base64' ? encodeEmbeddingBase64(vector) : vector };
  });
  return planOpenAIJson(200, {
    id: createVllmId('embd-'),
    object: 'list',
    created: Math.floor(Date.now() / 1000),
    model: model.value,
    data,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0, prompt_tokens_details: null },
  });
}
