/**
 * One server-sent event as Anthropic frames it: a named `event:` line, one `data:` line of
 * JSON whose `type` repeats the name, and a blank line. JSON.stringify escapes newlines,
 * so the data always fits on one line.
 */
export function formatSseEvent<Payload extends { type: string }>(payload: Payload): string {
  return `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
}
