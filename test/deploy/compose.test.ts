/**
 * compose.yaml, read statically: Switchyard built from the Dockerfile with its mounted
 * configuration, Ollama behind it, Open WebUI in front of it through its OpenAI settings.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expandString } from '../../config/expand-env.js';
import { parseConfig } from '../../config/load-config.js';
import { environmentOf, instructionsOf, readRepositoryDockerfile, repositoryRoot } from './read-dockerfile.js';

interface Service {
  build?: string | { context: string };
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
}

function readCompose(): { services: Record<string, Service>; volumes: Record<string, unknown> } {
  return parse(readFileSync(join(repositoryRoot, 'compose.yaml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
}

/**
 * A service's environment as compose hands it to the container, with the variables of the
 * shell running compose (none here) interpolated: compose's `${VAR:-default}` means what
 * it means in the gateway's configuration.
 */
function containerEnvironment(service: Service, shell: NodeJS.ProcessEnv = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, expandString(String(value), shell, [name])]));
}

/** The switchyard container's environment: the image's ENV, then compose's. */
function switchyardEnvironment(shell: NodeJS.ProcessEnv = {}): Record<string, string> {
  return { ...environmentOf(readRepositoryDockerfile().at(-1)!), ...containerEnvironment(readCompose().services.switchyard!, shell) };
}

/** The configuration file the switchyard container reads, found through its bind mounts. */
function mountedConfigFile(): string {
  const configPath = switchyardEnvironment().SWITCHYARD_CONFIG!;
  for (const volume of readCompose().services.switchyard!.volumes ?? []) {
    const [source = '', target = ''] = volume.split(':');
    if (source.startsWith('.') && (configPath === target || configPath.startsWith(`${target}/`))) {
      return posix.join(source, posix.relative(target, configPath));
    }
  }
  throw new Error(`no bind mount holds ${configPath}`);
}

function mountedConfig(shell: NodeJS.ProcessEnv = {}) {
  const file = mountedConfigFile();
  return parseConfig(readFileSync(join(repositoryRoot, file), 'utf8'), file, switchyardEnvironment(shell));
}

function exposedPort(): number {
  return Number(instructionsOf(readRepositoryDockerfile().at(-1)!, 'EXPOSE')[0]);
}

describe('compose.yaml', () => {
  it('builds switchyard from the Dockerfile and runs Ollama and Open WebUI beside it', () => {
    const { services } = readCompose();
    expect(services.switchyard?.build).toBe('.');
    expect(services.ollama?.image).toBe('ollama/ollama');
    expect(services['open-webui']?.image).toBe('ghcr.io/open-webui/open-webui:main');
  });

  it('keeps Ollama models and Open WebUI data in named volumes', () => {
    const { services, volumes } = readCompose();
    const named = (service: Service) => (service.volumes ?? []).map((volume) => volume.split(':')[0]).filter((source) => !source?.startsWith('.'));
    expect(named(services.ollama!)).toEqual(['ollama']);
    expect(named(services['open-webui']!)).toEqual(['open-webui']);
    for (const name of [...named(services.ollama!), ...named(services['open-webui']!)]) expect(volumes).toHaveProperty(name!);
  });

  it("points Open WebUI's OpenAI connection at the switchyard service's /v1, with Ollama's own API off", () => {
    const webui = containerEnvironment(readCompose().services['open-webui']!);
    const url = new URL(webui.OPENAI_API_BASE_URL!);
    expect(url.hostname).toBe('switchyard');
    expect(Number(url.port)).toBe(exposedPort());
    expect(url.pathname).toBe('/v1');
    expect(webui.ENABLE_OLLAMA_API).toBe('false');
  });

  it('gives Open WebUI a key the gateway accepts', () => {
    const webui = containerEnvironment(readCompose().services['open-webui']!);
    const keys = mountedConfig().server.api_keys.map((key) => (typeof key === 'string' ? key : key.key));
    expect(webui.OPENAI_API_KEY).not.toBe('');
    expect(keys).toContain(webui.OPENAI_API_KEY);
  });

  it('gives the gateway a mounted configuration that it accepts', () => {
    expect(mountedConfigFile()).toBe('deploy/compose/gateway.config.yaml');
    expect(mountedConfig().state.store).toBe('sqlite');
  });

  it("connects the gateway to the ollama service's port 11434", () => {
    const urls = mountedConfig().connections.map((connection) => new URL(connection.base_url));
    expect(urls.map((url) => `${url.hostname}:${url.port}`)).toEqual(['ollama:11434']);
  });

  it('keeps the sqlite state on the switchyard-state volume', () => {
    const folder = posix.dirname(mountedConfig().state.path);
    expect(readCompose().services.switchyard!.volumes).toContain(`switchyard-state:${folder}`);
  });

  it('switches to the redis service under the redis profile', () => {
    const { services } = readCompose();
    const config = mountedConfig({ SWITCHYARD_STATE_STORE: 'redis' });
    expect(config.state.store).toBe('redis');
    expect(new URL(config.state.redis_url).hostname).toBe('redis');
    expect(services.redis?.profiles).toEqual(['redis']);
  });

  it("starts Open WebUI once the gateway's health check passes", () => {
    expect(readCompose().services['open-webui']!.depends_on).toEqual({ switchyard: { condition: 'service_healthy' } });
    expect(instructionsOf(readRepositoryDockerfile().at(-1)!, 'HEALTHCHECK')).toHaveLength(1);
  });

  it('publishes the gateway and Open WebUI on loopback only', () => {
    const { services } = readCompose();
    expect(services.switchyard!.ports).toEqual([`127.0.0.1:${exposedPort()}:${exposedPort()}`]);
    expect(services['open-webui']!.ports).toEqual(['127.0.0.1:3000:8080']);
  });
});
