/**
 * Reads the Kubernetes manifests in deploy/kubernetes/ (every YAML document of every
 * file), and looks up objects and ports in them the way the API server would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repositoryRoot } from './read-dockerfile.js';

export const manifestFolder = join(repositoryRoot, 'deploy', 'kubernetes');

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  /** Read by the tests in the shape each kind has; the API server, not this, checks it. */
  spec?: any;
  data?: Record<string, string>;
}

export interface ManifestFile {
  file: string;
  documents: Manifest[];
  errors: string[];
}

export function manifestFileNames(): string[] {
  return readdirSync(manifestFolder).filter((name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml').sort();
}

export function readManifestFile(file: string): ManifestFile {
  const parsed = parseAllDocuments(readFileSync(join(manifestFolder, file), 'utf8'));
  const documents = Array.isArray(parsed) ? parsed : [];
  return {
    file,
    documents: documents.map((document) => document.toJS() as Manifest).filter((document) => document !== null),
    errors: documents.flatMap((document) => document.errors.map((error) => error.message)),
  };
}

export function readManifests(): Manifest[] {
  return manifestFileNames().flatMap((file) => readManifestFile(file).documents);
}

export function findManifest(kind: string, name: string): Manifest {
  const found = readManifests().find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} in deploy/kubernetes`);
  return found;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
}

/** A probe's or a Service's port, by number or by the container port's name. */
export function resolvePort(port: number | string, ports: ContainerPort[]): number | undefined {
  if (typeof port === 'number') return ports.some((entry) => entry.containerPort === port) ? port : undefined;
  return ports.find((entry) => entry.name === port)?.containerPort;
}

/** Whether every label of a selector's matchLabels (or a Service's plain selector) is on the pod. */
export function selects(selector: Record<string, string>, podLabels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => podLabels[key] === value);
}
