import { describe, expect, it } from 'vitest';
import { responsesRequestSchema } from '../../../fronts/responses/request-schema.js';
import { validateRequest } from '../../../src/edge/validate-request.js';

const validate = (body: Record<string, unknown>) => validateRequest(responsesRequestSchema, { model: 'chat', input: 'Hi', ...body });

describe('responsesRequestSchema', () => {
  it('reads a bare string input as one user message', () => {
    expect(validate({ input: 'Hi' }).input).toEqual([{ type: 'message', role: 'user', content: 'Hi' }]);
  });

  it('gives short-form {role, content} messages their message type', () => {
    const request = validate({ input: [{ role: 'user', content: 'Hi' }] });
    expect(request.input).toEqual([{ type: 'message', role: 'user', content: 'Hi' }]);
  });

  it.each([
    [{}, true],
    [{ store: null }, true],
    [{ store: true }, true],
    [{ store: false }, false],
  ])('reads store from %j as %s', (body, stored) => {
    expect(validate(body).store).toBe(stored);
  });

  it('keeps fields it does not act on', () => {
    expect(validate({ truncation: 'auto', include: ['reasoning.encrypted_content'] })).toMatchObject({ truncation: 'auto' });
  });

  it('accepts null for the fields the SDKs send as null', () => {
    const body = { instructions: null, tools: null, tool_choice: null, max_output_tokens: null, temperature: null, top_p: null, previous_response_id: null };
    expect(() => validate(body)).not.toThrow();
  });

  it.each([
    ['a built-in tool', { tools: [{ type: 'function', name: 'f' }, { type: 'web_search' }] }, 'tools[1].type'],
    ['an image by file id', { input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1', detail: 'auto' }] }] }, 'input[0].content[0].file_id'],
    ['an image without a URL', { input: [{ role: 'user', content: [{ type: 'input_image', detail: 'auto' }] }] }, 'input[0].content[0].image_url'],
    ['an input file', { input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] }, 'input[0].content[0].type'],
    ['an item reference', { input: [{ type: 'item_reference', id: 'msg_1' }] }, 'input[0].type'],
    ['a function call without its call id', { input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
    ['a tool choice of a built-in tool', { tool_choice: { type: 'file_search' } }, 'tool_choice.type'],
    ['an input that is neither text nor a list', { input: 5 }, 'input'],
    ['zero max_output_tokens', { max_output_tokens: 0 }, 'max_output_tokens'],
    ['a temperature above 2', { temperature: 2.5 }, 'temperature'],
    ['an unknown text format', { text: { format: { type: 'xml' } } }, 'text.format.type'],
    ['a JSON schema format without its schema', { text: { format: { type: 'json_schema', name: 'person' } } }, 'text.format.schema'],
    ['an unknown reasoning effort', { reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
  ])('refuses %s with a 400 naming %s', (_name, body, param) => {
    expect(() => validate(body)).toThrow(expect.objectContaining({ status: 400, param }));
  });

  it('says why an image file id is refused', () => {
    const body = { input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1', detail: 'auto' }] }] };
    expect(() => validate(body)).toThrow(/file ids are not supported .* send the image as image_url/);
  });

  it('requires input', () => {
    expect(() => validateRequest(responsesRequestSchema, { model: 'chat' })).toThrow(expect.objectContaining({ status: 400, param: 'input', code: 'missing_field' }));
  });
});
