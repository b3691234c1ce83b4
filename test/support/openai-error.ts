/**
 * The one assertion for an error the gateway answers: OpenAI's shape,
 * `{"error": {"message", "type", "param", "code"}}` and nothing else, with a message that
 * says something.
 */
import { expect } from 'vitest';

export interface OpenAIError {
  message: string;
  type: string;
  param: string | null;
  code: string;
}

export interface ExpectedError {
  /** Checked on a fetch Response only (supertest callers check `response.status` themselves). */
  status?: number;
  code: string;
  type?: string;
  /** When left out, any string or null. */
  param?: string | null;
}

/**
 * Asserts an OpenAI-shaped error and returns its `error` object. `answer` is a fetch
 * Response, whose body is read here, or a body already parsed (supertest's `response.body`).
 */
export async function expectOpenAIError(answer: unknown, expected: ExpectedError): Promise<OpenAIError> {
  let body = answer;
  if (answer instanceof Response) {
    const text = await answer.text();
    // The body is part of the failure message, so a wrong status shows what came instead.
    if (expected.status !== undefined) expect({ status: answer.status, body: text }).toMatchObject({ status: expected.status });
    body = JSON.parse(text) as unknown;
  } else if (expected.status !== undefined) {
    throw new Error('expectOpenAIError checks a status on a fetch Response only');
  }
  expect(body).toEqual({
    error: {
      message: expect.any(String),
      type: expected.type ?? expect.any(String),
      param: expected.param === undefined ? expect.toBeOneOf([null, expect.any(String)]) : expected.param,
      code: expected.code,
    },
  });
  const { error } = body as { error: OpenAIError };
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}
