/**
 * Starts one stand-in upstream by hand:
 *
 *   node dist/demo/stand-in-cli.js ollama --port 11434
 *   node dist/demo/stand-in-cli.js openai --port 8000 --api-key secret --scenario stall-mid-stream
 *
 * Options: --port, --host, --models a,b, --chunk-delay MS, --first-byte-delay MS,
 * --scenario NAME, --scenario-scope inference|all, --api-key KEY (openai only).
 * Stops on SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { isScenario, SCENARIO_NAMES } from '../test/support/stand-ins/stand-in-scenario.js';
import { startStandInOllama } from '../test/support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../test/support/stand-ins/stand-in-openai.js';
import type { StandIn, StandInOptions } from '../test/support/stand-ins/stand-in-types.js';

const usage = `usage: stand-in-cli <ollama|openai> [--port N] [--host H] [--models a,b] [--chunk-delay MS]
       [--first-byte-delay MS] [--scenario ${SCENARIO_NAMES.join('|')}] [--scenario-scope inference|all] [--api-key KEY]`;

function readNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function readOptions(values: Record<string, string | undefined>): StandInOptions {
  const scenario = values['scenario'];
  if (scenario !== undefined && !isScenario(scenario)) throw new Error(`unknown scenario "${scenario}"`);
  const scope = values['scenario-scope'];
  if (scope !== undefined && scope !== 'inference' && scope !== 'all') throw new Error('--scenario-scope must be inference or all');
  return {
    port: readNumber(values['port'], '--port'),
    host: values['host'],
    models: values['models']?.split(',').map((name) => name.trim()).filter((name) => name.length > 0),
    chunkDelayMs: readNumber(values['chunk-delay'], '--chunk-delay'),
    firstByteDelayMs: readNumber(values['first-byte-delay'], '--first-byte-delay'),
    scenario,
    scenarioScope: scope,
  };
}

async function runStandIn(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      models: { type: 'string' },
      'chunk-delay': { type: 'string' },
      'first-byte-delay': { type: 'string' },
      scenario: { type: 'string' },
      'scenario-scope': { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const kind = positionals[0];
  if (kind !== 'ollama' && kind !== 'openai') throw new Error(usage);
  const options = readOptions(values);
  const standIn: StandIn =
    kind === 'ollama' ? await startStandInOllama(options) : await startStandInOpenAI({ ...options, apiKey: values['api-key'] });
  const base = kind === 'openai' ? `${standIn.url}/v1` : standIn.url;
  console.log(`stand-in ${kind} listening on ${base} (scenario ${standIn.scenario})`);
  const stop = () => {
    standIn.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

runStandIn(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
