/**
 * The answer sink of a front door other than chat completions: the chat-completions
 * answer, whole or chunk by chunk, is written in the front's own wire format by the
 * front's pure translator.
 */
import type { Response } from 'express';
import type { FrontContext, FrontDoor, FrontStream } from '../../core/front-door.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-types.js';
import type { RequestContext } from '../observability/request-context.js';
import type { AnswerSink } from './answer-sink.js';
import { sendJson } from './send-json.js';

export interface FrontAnswer<Request, Answer> {
  front: FrontDoor<Request, Answer>;
  request: Request;
  frontContext: FrontContext;
  /** Hears a whole answer once written (Responses stores it). */
  onAnswer?(answer: Answer): void;
  /** Hears a stream that completed, to read what it built (Responses stores it). */
  onStreamEnd?(stream: FrontStream): void;
}

export function frontDoorSink<Request, Answer>(res: Response, context: RequestContext, answer: FrontAnswer<Request, Answer>): AnswerSink<ChatCompletion, ChatCompletionChunk> {
  const { front, request, frontContext } = answer;
  let stream: FrontStream | undefined;
  const open = (): FrontStream => (stream ??= front.stream(request, frontContext));
  const write = (parts: string[]): boolean => {
    if (parts.length === 0) return true;
    if (!res.headersSent) res.writeHead(200, { 'content-type': front.streamContentType, 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    context.markFirstByte();
    return parts.reduce<boolean>((writable, part) => res.write(part) && writable, true);
  };
  return {
    whole(chat) {
      const translated = front.fromChat(chat, request, frontContext);
      context.markFirstByte();
      sendJson(res, translated);
      answer.onAnswer?.(translated);
    },
    chunk: (chunk) => write(open().push(chunk)),
    finish() {
      const ending = open();
      write(ending.end());
      res.end();
      answer.onStreamEnd?.(ending);
    },
    errorEvent: (error) => open().fail(error).join(''),
  };
}
