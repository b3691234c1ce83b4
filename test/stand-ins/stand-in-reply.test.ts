/**
 * The stand-ins' deterministic "model": replies, tool arguments from a schema, scenario
 * directives and embeddings.
 */
import { describe, expect, it } from 'vitest';
import { findScenarioDirective, removeScenarioDirectives } from '../support/stand-ins/stand-in-scenario.js';
import { planReply, splitIntoWords } from '../support/stand-ins/stand-in-reply.js';
import { buildArgumentsFromSchema } from '../support/stand-ins/tool-arguments.js';
import { embedText } from '../support/stand-ins/text-embedding.js';

describe('planReply', () => {
  it('echoes the last user message one word per chunk', () => {
    const reply = planReply({ messages: [{ role: 'system', text: 'be nice' }, { role: 'user', text: 'good morning' }] });
    expect(reply.content).toEqual(['Hello! ', 'You ', 'said: ', 'good ', 'morning']);
    expect(reply).toMatchObject({ doneReason: 'stop', promptTokens: 4, completionTokens: 5 });
  });

  it('leaves scenario directives out of the echo', () => {
    const reply = planReply({ messages: [{ role: 'user', text: 'hi [scenario:stall-mid-stream] there' }] });
    expect(reply.content.join('')).toBe('Hello! You said: hi there');
  });

  it('cuts thinking and content together at maxTokens with done reason length', () => {
    const reply = planReply({ messages: [{ role: 'user', text: 'hi' }], think: true, maxTokens: 12 });
    expect(reply.thinking.length + reply.content.length).toBe(12);
    expect(reply.doneReason).toBe('length');
  });

  it('calls the first tool unless the last message is a tool result', () => {
    const tools = [{ name: 'lookup', parameters: { type: 'object', properties: { query: { type: 'string' } } } }];
    expect(planReply({ messages: [{ role: 'user', text: 'find' }], tools }).toolCall).toEqual({ name: 'lookup', arguments: { query: 'example' } });
    const afterTool = planReply({ messages: [{ role: 'user', text: 'find' }, { role: 'tool', text: 'found it' }], tools });
    expect(afterTool.toolCall).toBeUndefined();
    expect(afterTool.content.join('')).toBe('The tool returned: found it');
  });
});

describe('buildArgumentsFromSchema', () => {
  it('fills strings, counting numbers, booleans, enums, arrays and nested objects', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        count: { type: 'integer' },
        ratio: { type: 'number' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        tags: { type: 'array', items: { type: 'string' } },
        flags: { type: 'object', properties: { strict: { type: 'boolean' } } },
      },
    };
    expect(buildArgumentsFromSchema(schema)).toEqual({ name: 'example', count: 1, ratio: 2, unit: 'celsius', tags: ['example'], flags: { strict: true } });
  });
});

describe('scenario directives', () => {
  it.each([
    ['hello [scenario:reset-mid-stream]', 'reset-mid-stream'],
    ['[SCENARIO:HTTP-500] hello', 'http-500'],
    ['hello [scenario:unknown-thing]', undefined],
    ['hello', undefined],
  ])('finds the scenario in %j', (text, expected) => {
    expect(findScenarioDirective(text)).toBe(expected);
  });

  it('removes directives from text', () => {
    expect(removeScenarioDirectives('a [scenario:garbage] b')).toBe('a b');
  });
});

describe('splitIntoWords and embedText', () => {
  it('splits into pieces that join back into the text', () => {
    const text = '  two  spaces and\nnew lines ';
    expect(splitIntoWords(text).join('')).toBe(text);
  });

  it('embeds to a unit vector that is the same for the same text', () => {
    const vector = embedText('hello', 16);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    expect(embedText('hello', 16)).toEqual(vector);
    expect(embedText('hello!', 16)).not.toEqual(vector);
  });
});
