import { invalidRequest } from '../../core/gateway-error.js';

/**
 * Ollama returns one answer per request; a request for `n` > 1 would silently get one,
 * so it is refused instead.
 */
export function rejectSeveralChoices(n: number | null | undefined): void {
  if (n !== null && n !== undefined && n > 1) {
    throw invalidRequest('n', "Ollama generates one choice per request; 'n' must be 1.");
  }
}
