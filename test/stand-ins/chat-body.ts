/** A chat request body for the stand-ins: one user message, plus whatever else the test sets. */
export function chatBody(model: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: text }], ...extra };
}
