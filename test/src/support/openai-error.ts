import { expect } from 'vitest';

/** Asserts an OpenAI-shaped error body: `{"error": {"message", "type", "param", "code"}}`. */
export function expectOpenAIError(body: unknown, expected: { type: string; code: string; param?: string | null }): void {
  expect(body).toEqual({
    error: {
      message: expect.any(String),
      type: expected.type,
      param: expected.param === undefined ? expect.toBeOneOf([null, expect.any(String)]) : expected.param,
      code: expected.code,
    },
  });
  expect((body as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
}
