/**
 * Calls back when the configuration file changes. The file's folder is watched, not the
 * file: editors save by writing a new file and renaming it over the old one, and a
 * Kubernetes ConfigMap volume updates by swapping its `..data` symlink, so a watch on the
 * file itself would keep watching the replaced inode and miss every later change. Bursts
 * of events (one save is several) are debounced into one call.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../observability/logger.js';

export interface ConfigFileWatcher {
  close(): void;
}

export interface WatchOptions {
  logger: Logger;
  /** Quiet time after the last event before the callback runs. */
  debounceMs?: number;
}

/** Whether an event in the folder may be the file's: its name, the ConfigMap's `..data` swap, or no name at all. */
function concernsFile(changed: string | null, name: string): boolean {
  return changed === null || changed === name || changed.startsWith('..data');
}

export function watchConfigFile(file: string, onChange: () => void, { logger, debounceMs = 200 }: WatchOptions): ConfigFileWatcher {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    // Not persistent: a watch alone never keeps the process running.
    watcher = watch(dirname(resolve(file)), { persistent: false }, (_event, changed) => {
      if (!concernsFile(changed, name)) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
      timer.unref();
    });
  } catch (error) {
    logger.warn({ config: file, err: error }, 'cannot watch the configuration file; SIGHUP still reloads it');
    return { close: () => undefined };
  }
  watcher.on('error', (error) => logger.warn({ config: file, err: error }, 'watching the configuration file stopped; SIGHUP still reloads it'));
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
