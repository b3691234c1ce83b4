/**
 * The gateway configuration in deploy/kubernetes/configmap.yaml: the gateway accepts it
 * with the container's environment, it is mounted where SWITCHYARD_CONFIG points, it
 * shares state through the Redis Service, and its timings fit the pod's.
 */
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { environmentOf, readRepositoryDockerfile } from './read-dockerfile.js';
import { findManifest } from './read-manifests.js';

function gatewayPod() {
  const pod = findManifest('Deployment', 'switchyard').spec.template.spec;
  const container = pod.containers.find((entry: { name: string }) => entry.name === 'switchyard');
  return { pod, container };
}

/** The image's ENV, then the container's own `env` entries with a plain value. */
function containerEnvironment(): Record<string, string> {
  const own = (gatewayPod().container.env as Array<{ name: string; value?: string }>).filter((entry) => entry.value !== undefined);
  return { ...environmentOf(readRepositoryDockerfile().at(-1)!), ...Object.fromEntries(own.map((entry) => [entry.name, entry.value!])) };
}

function mountedConfig() {
  const text = findManifest('ConfigMap', 'switchyard-config').data?.['gateway.config.yaml'];
  if (text === undefined) throw new Error('configmap.yaml has no gateway.config.yaml');
  return parseConfig(text, 'deploy/kubernetes/configmap.yaml', containerEnvironment());
}

describe('the Kubernetes gateway configuration', () => {
  it('is accepted by the gateway with the container environment', () => {
    expect(mountedConfig().connections.length).toBeGreaterThan(0);
  });

  it('is the file SWITCHYARD_CONFIG names, mounted from the ConfigMap as a whole folder', () => {
    const { pod, container } = gatewayPod();
    const configPath = containerEnvironment().SWITCHYARD_CONFIG!;
    const volume = pod.volumes.find((entry: { configMap?: { name: string } }) => entry.configMap?.name === 'switchyard-config');
    const mount = container.volumeMounts.find((entry: { name: string }) => entry.name === volume?.name);
    // Without subPath, so that an edited ConfigMap reaches the running pods.
    expect(mount).toEqual({ name: volume.name, mountPath: posix.dirname(configPath), readOnly: true });
    expect(Object.keys(findManifest('ConfigMap', 'switchyard-config').data ?? {})).toContain(posix.basename(configPath));
  });

  it('shares state through the Redis Service', () => {
    const { state } = mountedConfig();
    const url = new URL(state.redis_url);
    const redis = findManifest('Service', 'switchyard-redis');
    expect(state.store).toBe('redis');
    expect(url.hostname).toBe(redis.metadata.name);
    expect(Number(url.port)).toBe(redis.spec.ports[0].port);
  });

  it('listens on the port the container declares', () => {
    const { container } = gatewayPod();
    const port = Number(containerEnvironment().PORT ?? mountedConfig().server.port);
    expect(container.ports.map((entry: { containerPort: number }) => entry.containerPort)).toEqual([port]);
  });

  it('lets running requests finish before the kubelet kills the pod', () => {
    const { pod, container } = gatewayPod();
    const pauseSeconds = container.lifecycle?.preStop?.exec?.command?.[0] === 'sleep' ? Number(container.lifecycle.preStop.exec.command[1]) : 0;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(pauseSeconds + mountedConfig().server.shutdown_timeout_ms / 1000);
  });

  it('answers the readiness probe before it times out, a first health check round included', () => {
    const { readinessProbe } = gatewayPod().container;
    expect(readinessProbe.timeoutSeconds * 1000).toBeGreaterThan(mountedConfig().health_checks.timeout_ms);
  });
});
