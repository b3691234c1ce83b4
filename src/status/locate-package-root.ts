/**
 * The package's root folder, found from this module's own location. The status page's
 * files stay in `src/status/ui/` (tsc copies no non-TS files), and this module runs either
 * from `src/status/` (vitest, tsx) or from `dist/src/status/` (the build): walking up to
 * the folder that holds `src/status/ui/` finds them in both cases, and in an installed
 * package, which ships `src/` beside `dist/`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const uiFolder = join('src', 'status', 'ui');

let found: string | undefined;

export function locatePackageRoot(): string {
  if (found !== undefined) return found;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, uiFolder, 'index.html')) && existsSync(join(folder, 'package.json'))) {
      found = folder;
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`the status page's files (${uiFolder}) are missing above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
}
