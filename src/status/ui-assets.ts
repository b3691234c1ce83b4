/**
 * The status page's files (`src/status/ui/`: the HTML document, its script modules, its
 * stylesheet and its icon), read once per process and served from memory with their type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { locatePackageRoot, uiFolder } from './locate-package-root.js';

export interface UiAsset {
  contentType: string;
  body: Buffer;
}

const typesByExtension: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

let loaded: ReadonlyMap<string, UiAsset> | undefined;

/** Every asset by file name; throws at start, naming the folder, when it is missing. */
export function loadUiAssets(): ReadonlyMap<string, UiAsset> {
  if (loaded) return loaded;
  const folder = join(locatePackageRoot(), uiFolder);
  const assets = new Map<string, UiAsset>();
  for (const name of readdirSync(folder)) {
    const contentType = typesByExtension[extname(name)];
    if (contentType) assets.set(name, { contentType, body: readFileSync(join(folder, name)) });
  }
  loaded = assets;
  return assets;
}

/** The `version` of the package.json beside the assets. */
export function readPackageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(locatePackageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
