/**
 * Live reload of the `switchyard` process: a saved file, a Kubernetes ConfigMap update or
 * SIGHUP puts a valid configuration into effect for new requests while a stream started
 * before runs to its end; an invalid file is refused with the message a start gives, and
 * the running configuration keeps serving. `/ready` and the log name the live version.
 */
import { mkdir, rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { within } from '../../support/eventually.js';
import { spawnCli, waitForListening, type CliProcess } from '../../support/gateway.js';
import { openStream } from '../../support/open-stream.js';
import { postJson } from '../../support/post-json.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { DEFAULT_OPENAI_MODELS, startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { unusedPort } from '../../support/unused-port.js';
import {
  configText,
  done,
  first,
  heldModel,
  listedModels,
  readyVersion,
  saveFile,
  second,
  startHoldingUpstream,
  streamRequest,
  temporaryFolder,
  waitForLogLine,
} from './reload-fixtures.js';

const track = closeAfterEach();
const vllmModel = DEFAULT_OPENAI_MODELS[0]!;

async function startCli(file: string, extra: string[] = []): Promise<{ cli: CliProcess; url: string }> {
  const cli = track(spawnCli(['--config', file, ...extra]));
  return { cli, url: await waitForListening(cli) };
}

describe('a saved configuration file', { timeout: 40_000 }, () => {
  it('takes effect for new requests while a stream started before runs to [DONE]', async () => {
    const { upstream, release } = await startHoldingUpstream(track);
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b'] }));
    const vllm = track(await startStandInOpenAI());
    const folder = await temporaryFolder(track);
    const file = join(folder, 'gateway.yaml');
    const held = { name: 'held', mode: 'openai_compatible', base_url: upstream.baseUrl, models: [heldModel] };
    const local = { name: 'local', mode: 'ollama', base_url: ollama.url };
    await saveFile(file, configText([held, local]));
    const { cli, url } = await startCli(file);
    const stream = openStream(`${url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);

    // `held`, which serves the running stream, is removed; `vllm` is added.
    await saveFile(file, configText([local, { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl }]));
    const reloaded = await waitForLogLine(cli, 'configuration reloaded');

    expect(reloaded).toMatchObject({ trigger: 'file change', changes: { connections: { added: ['vllm'], removed: ['held'], changed: [] } } });
    expect((await listedModels(url)).sort()).toEqual(['llama3.2:1b', vllmModel].sort());
    const answer = await postJson(`${url}/v1/chat/completions`, { model: vllmModel, messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.status).toBe(200);
    expect(stream.text()).toBe(first);
    release.open();
    expect(await within(stream.ended, 5000, 'the end of the held stream')).toBe(first + second + done);
  });

  it('shows the new version on /ready and in the reload log line', async () => {
    const ollama = track(await startStandInOllama());
    const folder = await temporaryFolder(track);
    const file = join(folder, 'gateway.yaml');
    const local = { name: 'local', mode: 'ollama', base_url: ollama.url };
    await saveFile(file, configText([local]));
    const { cli, url } = await startCli(file);
    const listening = await waitForLogLine(cli, `switchyard listening on ${url}`);
    const before = await readyVersion(url);
    expect(before).toMatch(/^1-[0-9a-f]{6}$/);
    expect(listening.config_version).toBe(before);

    await saveFile(file, configText([{ ...local, prefix: 'box' }]));
    const reloaded = await waitForLogLine(cli, 'configuration reloaded');

    const after = await readyVersion(url);
    expect(after).toMatch(/^2-[0-9a-f]{6}$/);
    expect(reloaded).toMatchObject({ config_version: after, previous_version: before, changes: { connections: { changed: ['local'] } } });
  });

  it('is reloaded when a Kubernetes ConfigMap update swaps the ..data symlink', async () => {
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b'] }));
    const folder = await temporaryFolder(track);
    // The layout kubelet writes: ..<timestamp>/FILE, ..data -> ..<timestamp>, FILE -> ..data/FILE.
    const writeRevision = async (name: string, text: string) => {
      await mkdir(join(folder, name));
      await saveFile(join(folder, name, 'gateway.yaml'), text);
    };
    const local = { name: 'local', mode: 'ollama', base_url: ollama.url };
    await writeRevision('..2025_01_01_00_00_00.1', configText([local]));
    await symlink('..2025_01_01_00_00_00.1', join(folder, '..data'));
    await symlink(join('..data', 'gateway.yaml'), join(folder, 'gateway.yaml'));
    const { cli, url } = await startCli(join(folder, 'gateway.yaml'));
    expect(await listedModels(url)).toEqual(['llama3.2:1b']);

    await writeRevision('..2025_01_01_00_01_00.2', configText([{ ...local, prefix: 'box' }]));
    await symlink('..2025_01_01_00_01_00.2', join(folder, '..data_tmp'));
    await rename(join(folder, '..data_tmp'), join(folder, '..data'));

    await waitForLogLine(cli, 'configuration reloaded');
    expect(await listedModels(url)).toEqual(['box/llama3.2:1b']);
  });
});

describe('SIGHUP', { timeout: 40_000 }, () => {
  it('reloads the file, also when the change happened where no watch sees it', async () => {
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b'] }));
    // The file the gateway is given is a link into another folder: saving the target
    // raises no event in the linked file's folder, so only the signal reloads.
    const [linkFolder, targetFolder] = [await temporaryFolder(track), await temporaryFolder(track)];
    const target = join(targetFolder, 'real.yaml');
    const local = { name: 'local', mode: 'ollama', base_url: ollama.url };
    await saveFile(target, configText([local]));
    await symlink(target, join(linkFolder, 'gateway.yaml'));
    const { cli, url } = await startCli(join(linkFolder, 'gateway.yaml'));

    await saveFile(target, configText([{ ...local, prefix: 'box' }]));
    cli.child.kill('SIGHUP');
    const reloaded = await waitForLogLine(cli, 'configuration reloaded');

    expect(reloaded.trigger).toBe('SIGHUP');
    expect(await listedModels(url)).toEqual(['box/llama3.2:1b']);
    expect(cli.child.exitCode).toBeNull();
  });
});

describe('an invalid file', { timeout: 40_000 }, () => {
  it('is refused with the message a start with that file gives', async () => {
    const ollama = track(await startStandInOllama());
    const folder = await temporaryFolder(track);
    const file = join(folder, 'gateway.yaml');
    await saveFile(file, configText([{ name: 'local', mode: 'ollama', base_url: ollama.url }]));
    const { cli } = await startCli(file);

    const invalid = 'server:\n  port: 0\n  prot: 4000\nconnections:\n  - { name: Bad Name, mode: ollama, base_url: "ftp://x" }\n';
    await saveFile(file, invalid);
    const refused = await waitForLogLine(cli, 'configuration refused; the running configuration stays');
    const starting = track(spawnCli(['--config', file]));
    expect((await starting.exited).code).toBe(2);

    expect(refused.level).toBe(50);
    expect(starting.stderr()).toBe(`switchyard: ${String(refused.error)}\n`);
    expect(refused.error).toContain('server.prot: unknown key');
  });

  it('leaves the running configuration serving, at the same version', async () => {
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b'] }));
    const folder = await temporaryFolder(track);
    const file = join(folder, 'gateway.yaml');
    await saveFile(file, configText([{ name: 'local', mode: 'ollama', base_url: ollama.url }]));
    const { cli, url } = await startCli(file);
    const before = await readyVersion(url);

    await saveFile(file, 'connections: [{ name: local, mode: ollama }]\n');
    const refused = await waitForLogLine(cli, 'configuration refused; the running configuration stays');

    expect(refused.config_version).toBe(before);
    expect(await readyVersion(url)).toBe(before);
    expect(await listedModels(url)).toEqual(['llama3.2:1b']);
  });
});

describe('the command line', { timeout: 40_000 }, () => {
  it('keeps its --port after a reload, with no restart warning', async () => {
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b'] }));
    const folder = await temporaryFolder(track);
    const file = join(folder, 'gateway.yaml');
    const local = { name: 'local', mode: 'ollama', base_url: ollama.url };
    await saveFile(file, configText([local]));
    const port = await unusedPort();
    const { cli, url } = await startCli(file, ['--port', String(port)]);

    await saveFile(file, configText([{ ...local, prefix: 'box' }]));
    await waitForLogLine(cli, 'configuration reloaded');

    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(await listedModels(url)).toEqual(['box/llama3.2:1b']);
    expect(cli.stdout()).not.toContain('next restart');
  });
});
