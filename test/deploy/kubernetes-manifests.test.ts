/**
 * deploy/kubernetes/, read statically: the manifests parse, the kustomization lists them,
 * and the objects agree with each other and with the Dockerfile (ports, probes, labels,
 * the non-root user).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { instructionsOf, readRepositoryDockerfile } from './read-dockerfile.js';
import { findManifest, manifestFileNames, manifestFolder, readManifestFile, readManifests, resolvePort, selects, type ContainerPort } from './read-manifests.js';

function gatewayDeployment() {
  const deployment = findManifest('Deployment', 'switchyard');
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((entry: { name: string }) => entry.name === 'switchyard');
  return { deployment, pod, container, ports: container.ports as ContainerPort[] };
}

function imagePort(): number {
  return Number(instructionsOf(readRepositoryDockerfile().at(-1)!, 'EXPOSE')[0]);
}

describe('deploy/kubernetes', () => {
  it.each(manifestFileNames())('%s parses into objects with a kind and a name', (file) => {
    const { documents, errors } = readManifestFile(file);
    expect(errors).toEqual([]);
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      expect(document.apiVersion).toEqual(expect.any(String));
      expect(document.kind).toEqual(expect.any(String));
      expect(document.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it('lists every manifest in kustomization.yaml, and only those', () => {
    const kustomization = parse(readFileSync(join(manifestFolder, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(manifestFileNames());
  });

  it.each([
    ['Deployment', 'switchyard'],
    ['Service', 'switchyard'],
    ['ConfigMap', 'switchyard-config'],
    ['HorizontalPodAutoscaler', 'switchyard'],
    ['PodDisruptionBudget', 'switchyard'],
    ['Deployment', 'switchyard-redis'],
    ['Service', 'switchyard-redis'],
  ])('ships a %s named %s', (kind, name) => {
    expect(findManifest(kind, name).metadata.name).toBe(name);
  });

  it('runs two replicas or more', () => {
    expect(gatewayDeployment().deployment.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it("serves on the port the image exposes", () => {
    expect(gatewayDeployment().ports.map((port) => port.containerPort)).toEqual([imagePort()]);
  });

  it.each([
    ['livenessProbe', '/health'],
    ['readinessProbe', '/ready'],
  ])('has a %s asking %s on the container port', (probe, path) => {
    const { container, ports } = gatewayDeployment();
    expect(container[probe].httpGet.path).toBe(path);
    expect(resolvePort(container[probe].httpGet.port, ports)).toBe(imagePort());
  });

  it('selects its own pods', () => {
    const { deployment } = gatewayDeployment();
    expect(selects(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
  });

  it('runs as a user that is not root, which the kubelet can verify', () => {
    const { pod, container } = gatewayDeployment();
    const context = { ...pod.securityContext, ...container.securityContext };
    expect(context.runAsNonRoot).toBe(true);
    expect(context.runAsUser).toBeGreaterThan(0);
    expect(instructionsOf(readRepositoryDockerfile().at(-1)!, 'USER').at(-1)).toBe(`${context.runAsUser}:${context.runAsGroup}`);
  });

  it('runs with a read-only root filesystem, no privilege escalation and no capabilities', () => {
    const { container } = gatewayDeployment();
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('backs every volume mount with a volume of the pod', () => {
    const { pod, container } = gatewayDeployment();
    const volumes = new Set(pod.volumes.map((volume: { name: string }) => volume.name));
    for (const mount of container.volumeMounts) expect(volumes).toContain(mount.name);
  });

  it('sets a CPU request, which the autoscaler measures against', () => {
    expect(gatewayDeployment().container.resources.requests.cpu).toEqual(expect.any(String));
  });

  it("routes the Service's port 4000 to the container port", () => {
    const service = findManifest('Service', 'switchyard');
    const [port] = service.spec.ports;
    expect(port.port).toBe(4000);
    expect(resolvePort(port.targetPort, gatewayDeployment().ports)).toBe(imagePort());
    expect(selects(service.spec.selector, gatewayDeployment().deployment.spec.template.metadata.labels)).toBe(true);
  });

  it('scales the gateway Deployment on CPU with autoscaling/v2, never below two replicas', () => {
    const autoscaler = findManifest('HorizontalPodAutoscaler', 'switchyard');
    expect(autoscaler.apiVersion).toBe('autoscaling/v2');
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'switchyard' });
    expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(autoscaler.spec.maxReplicas).toBeGreaterThan(autoscaler.spec.minReplicas);
    expect(autoscaler.spec.metrics).toContainEqual(expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) }));
  });

  it('keeps at least one gateway pod through voluntary disruptions, and lets one go', () => {
    const budget = findManifest('PodDisruptionBudget', 'switchyard');
    const { deployment } = gatewayDeployment();
    expect(selects(budget.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
    expect(budget.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(budget.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  });

  it("routes the Redis Service to the Redis pods' port", () => {
    const redis = findManifest('Deployment', 'switchyard-redis');
    const service = findManifest('Service', 'switchyard-redis');
    const [port] = service.spec.ports;
    expect(resolvePort(port.targetPort, redis.spec.template.spec.containers[0].ports)).toBe(6379);
    expect(selects(service.spec.selector, redis.spec.template.metadata.labels)).toBe(true);
    expect(selects(service.spec.selector, gatewayDeployment().deployment.spec.template.metadata.labels)).toBe(false);
  });

  it('runs every container of every workload as non-root', () => {
    const workloads = readManifests().filter((manifest) => manifest.kind === 'Deployment');
    for (const workload of workloads) {
      const pod = workload.spec.template.spec;
      for (const container of pod.containers) {
        expect({ ...pod.securityContext, ...container.securityContext }, `${workload.metadata.name}/${container.name}`).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
        });
      }
    }
  });
});
