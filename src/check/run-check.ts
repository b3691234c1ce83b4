/**
 * `switchyard check --config FILE`: validates the file with the loader start and reload
 * use (a ConfigError goes to the caller, which reports it as at start), tries every
 * connection at once, prints the report and answers the exit status: 0 when every
 * connection is reachable and lists models, 1 otherwise.
 */
import { loadConfig } from '../../config/load-config.js';
import { checkConnection } from './check-connection.js';
import { formatCheckReport, hasProblem } from './format-check-report.js';

export interface ReportSink {
  write(text: string): unknown;
}

export async function runCheck(file: string, out: ReportSink): Promise<number> {
  const config = await loadConfig(file);
  const aliases = config.models.length === 1 ? '1 model alias' : `${config.models.length} model aliases`;
  const connections = config.connections.length === 1 ? '1 connection' : `${config.connections.length} connections`;
  out.write(`${file}: valid (${connections}, ${aliases})\n\n`);
  const { timeout_ms: timeoutMs } = config.health_checks;
  const checks = await Promise.all(config.connections.map((connection) => checkConnection(connection, config.models, timeoutMs)));
  out.write(formatCheckReport(checks));
  return checks.some(hasProblem) ? 1 : 0;
}
