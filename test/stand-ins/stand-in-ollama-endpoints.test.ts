/**
 * The stand-in Ollama's other endpoints: /, /api/version, /api/tags, /api/ps, /api/show,
 * /api/generate and the embedding endpoints.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../support/close-after.js';
import { startStandInOllama } from '../support/stand-ins/stand-in-ollama.js';
import type { StandIn } from '../support/stand-ins/stand-in-types.js';
import { parseNdjson } from '../support/parse-ndjson.js';
import { postJson } from '../support/post-json.js';
import { chatBody } from './chat-body.js';

const trackForFile = closeAfterAll();

let ollama: StandIn;

beforeAll(async () => {
  ollama = trackForFile(await startStandInOllama({ chunkDelayMs: 0 }));
});

describe('stand-in Ollama endpoints', () => {
  it('answers GET / with "Ollama is running"', async () => {
    const response = await fetch(ollama.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Ollama is running');
  });

  it('reports a version on /api/version', async () => {
    expect(await (await fetch(`${ollama.url}/api/version`)).json()).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it('lists the default models on /api/tags with Ollama\'s fields in order', async () => {
    const body = (await (await fetch(`${ollama.url}/api/tags`)).json()) as { models: Array<Record<string, unknown>> };
    expect(body.models.map((model) => model['name'])).toEqual(['llama3.2:1b', 'qwen2.5:0.5b', 'qwen3:0.6b', 'nomic-embed-text:latest']);
    const first = body.models[0] ?? {};
    expect(Object.keys(first)).toEqual(['name', 'model', 'modified_at', 'size', 'digest', 'details']);
    expect(first['digest']).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(first['details'] as object)).toEqual(['parent_model', 'format', 'family', 'families', 'parameter_size', 'quantization_level']);
  });

  it('serves the models given to setModels', async () => {
    ollama.setModels(['mistral:7b']);
    try {
      const body = (await (await fetch(`${ollama.url}/api/tags`)).json()) as { models: Array<{ name: string }> };
      expect(body.models.map((model) => model.name)).toEqual(['mistral:7b']);
    } finally {
      ollama.setModels(['llama3.2:1b', 'qwen2.5:0.5b', 'qwen3:0.6b', 'nomic-embed-text:latest']);
    }
  });

  it('lists the models that answered on /api/ps', async () => {
    await (await postJson(`${ollama.url}/api/chat`, chatBody('qwen2.5:0.5b', 'hi', { stream: false }))).text();
    const body = (await (await fetch(`${ollama.url}/api/ps`)).json()) as { models: Array<Record<string, unknown>> };
    expect(body.models.map((model) => model['name'])).toContain('qwen2.5:0.5b');
    expect(body.models[0]).toHaveProperty('expires_at');
    expect(body.models[0]).toHaveProperty('size_vram');
  });

  it('describes a model on /api/show with its capabilities', async () => {
    const body = (await (await postJson(`${ollama.url}/api/show`, { model: 'nomic-embed-text' })).json()) as Record<string, unknown>;
    expect(body['capabilities']).toEqual(['embedding']);
    expect(body['details']).toMatchObject({ family: 'nomic-bert' });
  });

  it('streams /api/generate with context on the final line', async () => {
    const lines = parseNdjson(await (await postJson(`${ollama.url}/api/generate`, { model: 'llama3.2:1b', prompt: 'why?' })).text());
    expect(lines.slice(0, -1).map((line) => line['response']).join('')).toBe('Hello! You said: why?');
    const last = lines[lines.length - 1] ?? {};
    expect(Object.keys(last).slice(0, 6)).toEqual(['model', 'created_at', 'response', 'done', 'done_reason', 'context']);
    expect(last).toMatchObject({ response: '', done: true, done_reason: 'stop' });
    expect(Array.isArray(last['context'])).toBe(true);
  });

  it('embeds each input deterministically on /api/embed', async () => {
    const embed = async () => (await (await postJson(`${ollama.url}/api/embed`, { model: 'nomic-embed-text', input: ['a', 'b'] })).json()) as Record<string, unknown>;
    const first = await embed();
    expect(Object.keys(first)).toEqual(['model', 'embeddings', 'total_duration', 'load_duration', 'prompt_eval_count']);
    const vectors = first['embeddings'] as number[][];
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toHaveLength(8);
    expect(vectors[0]).not.toEqual(vectors[1]);
    expect((await embed())['embeddings']).toEqual(vectors);
  });

  it('answers the legacy /api/embeddings with one embedding', async () => {
    const body = (await (await postJson(`${ollama.url}/api/embeddings`, { model: 'nomic-embed-text', prompt: 'a' })).json()) as { embedding: number[] };
    expect(body.embedding).toHaveLength(8);
  });

  it.each([
    ['/api/chat', chatBody('nope:1b', 'hi'), 404, "model 'nope:1b' not found"],
    ['/api/generate', { model: 'nope:1b', prompt: 'hi' }, 404, "model 'nope:1b' not found"],
    ['/api/embed', { model: 'nope:1b', input: 'hi' }, 404, 'model "nope:1b" not found, try pulling it first'],
    ['/api/chat', { messages: [] }, 400, 'model is required'],
    ['/api/generate', { prompt: 'hi' }, 404, "model '' not found"],
    ['/api/chat', chatBody('nomic-embed-text', 'hi'), 400, '"nomic-embed-text" does not support chat'],
    ['/api/chat', '{"model": "llama3.2:1b",', 400, 'unexpected EOF'],
    ['/api/chat', 'nope', 400, "invalid character 'o' in literal null (expecting 'u')"],
    ['/api/chat', '{model: 1}', 400, "invalid character 'm' looking for beginning of object key string"],
    ['/api/chat', '', 400, 'missing request body'],
    ['/api/chat', '{"model": 5}', 400, 'json: cannot unmarshal number into Go struct field ChatRequest.model of type string'],
    ['/api/embed', { model: 'nomic-embed-text', input: 5 }, 400, 'invalid input type'],
  ])('answers %s %j with %i and Ollama\'s error text', async (path, body, status, message) => {
    const response = await postJson(`${ollama.url}${path}`, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: message });
  });

  it('answers an unknown path with gin\'s plain-text 404', async () => {
    const response = await fetch(`${ollama.url}/api/nothing`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('404 page not found');
  });
});
