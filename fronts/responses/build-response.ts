/**
 * The Response object around an output: the outcome (status, output, usage, error) plus
 * the request fields OpenAI echoes back, every one present, since the SDKs' types declare
 * them and clients read them (`tools`, `text.format`, `store`). A field not sent echoes
 * OpenAI's default where that is also what the backend does (`tool_choice: "auto"`, text
 * format `text`, parallel tool calls) and null where the gateway cannot know the value,
 * such as the backend's default temperature.
 */
import type { FrontContext } from '../../core/front-door.js';
import type { ResponsesRequest } from './request-schema.js';
import type {
  EchoedFunctionTool,
  IncompleteDetails,
  OutputItem,
  ResponseError,
  ResponseObject,
  ResponseStatus,
  ResponseUsage,
} from './responses-types.js';

export interface Outcome {
  status: ResponseStatus;
  output: OutputItem[];
  usage: ResponseUsage | null;
  error?: ResponseError | null;
  incomplete_details?: IncompleteDetails | null;
}

export function buildResponse(request: ResponsesRequest, context: FrontContext, outcome: Outcome): ResponseObject {
  return {
    id: context.responseId,
    object: 'response',
    created_at: context.now,
    status: outcome.status,
    background: false,
    error: outcome.error ?? null,
    incomplete_details: outcome.incomplete_details ?? null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: context.publicModel,
    output: outcome.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    store: request.store,
    temperature: request.temperature ?? null,
    text: {
      format: request.text?.format ?? { type: 'text' },
      ...(typeof request.text?.verbosity === 'string' ? { verbosity: request.text.verbosity } : {}),
    },
    tool_choice: request.tool_choice ?? 'auto',
    tools: (request.tools ?? []).map(echoTool),
    top_p: request.top_p ?? null,
    truncation: 'disabled',
    usage: outcome.usage,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

function echoTool(tool: NonNullable<ResponsesRequest['tools']>[number]): EchoedFunctionTool {
  return {
    type: 'function',
    name: tool.name,
    description: tool.description ?? null,
    parameters: tool.parameters ?? null,
    strict: tool.strict ?? null,
  };
}
