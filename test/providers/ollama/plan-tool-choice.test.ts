import { describe, expect, it } from 'vitest';
import type { ChatMessage, Tool } from '../../../core/openai-types.js';
import type { ToolChoice } from '../../../providers/ollama/ollama-request-schemas.js';
import {
  addSystemInstruction,
  missedToolChoice,
  namedToolInstruction,
  planToolChoice,
  readToolChoicePlan,
  requiredToolInstruction,
} from '../../../providers/ollama/plan-tool-choice.js';

function tool(name: string): Tool {
  return { type: 'function', function: { name, parameters: { type: 'object', properties: {} } } };
}

const weather = tool('get_weather');
const time = tool('get_time');
const search = tool('search');
const tools = [weather, time, search];

describe('planToolChoice', () => {
  it.each<[string, ToolChoice | null | undefined, Tool[] | undefined, string | undefined, boolean]>([
    ['no choice', undefined, tools, undefined, false],
    ['a null choice', null, tools, undefined, false],
    ['auto', 'auto', tools, undefined, false],
    ['none', 'none', undefined, undefined, false],
    ['required', 'required', tools, requiredToolInstruction, true],
    ['a named function', { type: 'function', function: { name: 'get_time' } }, [time], namedToolInstruction('get_time'), true],
    [
      'allowed tools to choose among',
      { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'search' } }, { type: 'function', function: { name: 'get_weather' } }] } },
      [weather, search],
      undefined,
      false,
    ],
    [
      'allowed tools of which one must be called',
      { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'search' } }] } },
      [search],
      requiredToolInstruction,
      true,
    ],
  ])('for %s offers the right tools and instruction', (_name, choice, offered, instruction, callRequired) => {
    expect(planToolChoice(tools, choice)).toEqual({ tools: offered, instruction, callRequired });
  });

  it.each<[string, ToolChoice | undefined]>([
    ['no choice', undefined],
    ['auto', 'auto'],
    ['none', 'none'],
  ])('for %s without tools offers none and asks for nothing', (_name, choice) => {
    expect(planToolChoice([], choice)).toEqual({ tools: undefined, instruction: undefined, callRequired: false });
  });

  it.each<[string, ToolChoice, Tool[] | undefined]>([
    ['required without tools', 'required', undefined],
    ['a named function without tools', { type: 'function', function: { name: 'get_time' } }, []],
    ['a named function the request does not define', { type: 'function', function: { name: 'get_stock' } }, tools],
    ['allowed tools the request does not define', { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'x' } }] } }, tools],
  ])('refuses %s with a 400 naming tool_choice', (_name, choice, given) => {
    expect(() => planToolChoice(given, choice)).toThrow(expect.objectContaining({ status: 400, param: 'tool_choice' }));
  });
});

describe('readToolChoicePlan', () => {
  it.each<[string, unknown, boolean]>([
    ['a request with required', { tools, tool_choice: 'required' }, true],
    ['a request without tool_choice', { tools }, false],
    ['a request the edge would have refused', { tools: 'x', tool_choice: 'required' }, false],
    ['a choice naming an unknown tool', { tools, tool_choice: { type: 'function', function: { name: 'nope' } } }, false],
    ['something that is not a request', 42, false],
  ])('reads %s', (_name, body, callRequired) => {
    expect(readToolChoicePlan(body).callRequired).toBe(callRequired);
  });
});

describe('addSystemInstruction', () => {
  const user: ChatMessage = { role: 'user', content: 'Hi' };

  it.each<[string, ChatMessage[], ChatMessage[]]>([
    ['no system message', [user], [{ role: 'system', content: 'Call.' }, user]],
    ['a system message first', [{ role: 'system', content: 'Be brief.' }, user], [{ role: 'system', content: 'Be brief.\n\nCall.' }, user]],
    ['a developer message first', [{ role: 'developer', content: 'Be brief.' }, user], [{ role: 'developer', content: 'Be brief.\n\nCall.' }, user]],
    ['an empty system message', [{ role: 'system', content: null }, user], [{ role: 'system', content: 'Call.' }, user]],
    [
      'a system message of parts',
      [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, user],
      [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Call.' }] }, user],
    ],
    ['a system message later only', [user, { role: 'system', content: 'Late.' }], [{ role: 'system', content: 'Call.' }, user, { role: 'system', content: 'Late.' }]],
  ])('with %s adds the instruction to the system prompt', (_name, messages, expected) => {
    expect(addSystemInstruction(messages, 'Call.')).toEqual(expected);
  });

  it('leaves the messages as they are without an instruction', () => {
    const messages: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, user];
    expect(addSystemInstruction(messages, undefined)).toEqual(messages);
  });

  it('does not change the messages it was given', () => {
    const messages: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, user];
    addSystemInstruction(messages, 'Call.');
    expect(messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });
});

describe('missedToolChoice', () => {
  const required = planToolChoice(tools, 'required');
  const named = planToolChoice(tools, { type: 'function', function: { name: 'get_time' } });
  const auto = planToolChoice(tools, 'auto');

  it.each([
    ['required, answered in text', required, [], true],
    ['required, answered with a call', required, ['search'], false],
    ['a named function, answered with it', named, ['get_time'], false],
    ['a named function, answered with a tool never offered', named, ['get_weather'], true],
    ['auto, answered in text', auto, [], false],
  ] as const)('for %s is %s', (_name, plan, called, missed) => {
    expect(missedToolChoice(plan, called)).toBe(missed);
  });
});
