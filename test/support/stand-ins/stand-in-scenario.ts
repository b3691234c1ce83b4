/**
 * Fault scenarios a stand-in upstream can play. A scenario is chosen per instance
 * (`standIn.scenario = 'http-500'`) or per request with a directive such as
 * `[scenario:reset-mid-stream]` in the last user message (or the prompt or embedding
 * input), so one instance can mix faults in a soak test. The directive wins.
 */
export const SCENARIO_NAMES = [
  'normal',
  'slow-first-byte',
  'stall-mid-stream',
  'reset-mid-stream',
  'reset-before-response',
  'http-500',
  'http-429',
  'html-200',
  'garbage',
  'truncated',
  'error-line',
  'never-ending',
  'split-lines',
] as const;

export type Scenario = (typeof SCENARIO_NAMES)[number];

/** Which requests an instance-wide scenario applies to; directives always apply. */
export type ScenarioScope = 'inference' | 'all';

const directivePattern = /\[scenario:([a-z0-9-]+)\]/i;
const directivePatternGlobal = /\s*\[scenario:[a-z0-9-]+\]\s*/gi;

export function isScenario(value: string): value is Scenario {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}

/** The scenario named by a `[scenario:NAME]` directive in the text, if it names a known one. */
export function findScenarioDirective(text: string): Scenario | undefined {
  const name = directivePattern.exec(text)?.[1]?.toLowerCase();
  return name !== undefined && isScenario(name) ? name : undefined;
}

/** The text without its scenario directives, so replies echo only what the user said. */
export function removeScenarioDirectives(text: string): string {
  return text.replace(directivePatternGlobal, ' ').trim();
}
