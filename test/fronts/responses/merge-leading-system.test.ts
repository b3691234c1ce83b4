import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../core/openai-types.js';
import { mergeLeadingSystem } from '../../../fronts/responses/merge-leading-system.js';

const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };

describe('mergeLeadingSystem', () => {
  it.each<[string, ChatMessage[], ChatMessage[]]>([
    ['no system message', [{ role: 'user', content: 'Hi' }], [{ role: 'user', content: 'Hi' }]],
    ['one system message', [{ role: 'system', content: 'A' }, { role: 'user', content: 'Hi' }], [{ role: 'system', content: 'A' }, { role: 'user', content: 'Hi' }]],
    [
      'several leading system messages, as one',
      [{ role: 'system', content: 'A' }, { role: 'system', content: [{ type: 'text', text: 'B' }] }, { role: 'user', content: 'Hi' }],
      [{ role: 'system', content: 'A\n\nB' }, { role: 'user', content: 'Hi' }],
    ],
    [
      'a system message later in the conversation, left in place',
      [{ role: 'system', content: 'A' }, { role: 'user', content: 'Hi' }, { role: 'system', content: 'B' }],
      [{ role: 'system', content: 'A' }, { role: 'user', content: 'Hi' }, { role: 'system', content: 'B' }],
    ],
    [
      'a leading system message with an image, not merged',
      [{ role: 'system', content: 'A' }, { role: 'system', content: [image] }, { role: 'user', content: 'Hi' }],
      [{ role: 'system', content: 'A' }, { role: 'system', content: [image] }, { role: 'user', content: 'Hi' }],
    ],
  ])('handles %s', (_name, messages, expected) => {
    expect(mergeLeadingSystem(messages)).toEqual(expected);
  });
});
