import { describe, expect, it } from 'vitest';
import { readCommandLine, UsageError } from '../../config/cli-args.js';

describe('readCommandLine', () => {
  it('defaults to serving ./gateway.config.yaml with no port or host override', () => {
    expect(readCommandLine([], {})).toEqual({ command: 'serve', configFile: 'gateway.config.yaml', port: undefined, host: undefined });
  });

  it.each([
    ['before the options', ['check', '--config', 'ci.yaml']],
    ['after the options', ['--config', 'ci.yaml', 'check']],
    ['with -c', ['check', '-c', 'ci.yaml']],
  ])('reads the check command %s', (_name, argv) => {
    expect(readCommandLine(argv, {})).toMatchObject({ command: 'check', configFile: 'ci.yaml' });
  });

  it('checks the file SWITCHYARD_CONFIG names when check has no --config', () => {
    expect(readCommandLine(['check'], { SWITCHYARD_CONFIG: 'from-env.yaml' })).toMatchObject({ command: 'check', configFile: 'from-env.yaml' });
  });

  it.each([
    ['an unknown command, naming it', ['serv'], /unknown command 'serv'/],
    ['a second argument after check', ['check', 'extra.yaml'], /unexpected argument 'extra.yaml'/],
  ])('refuses %s', (_name, argv, message) => {
    expect(() => readCommandLine(argv, {})).toThrow(UsageError);
    expect(() => readCommandLine(argv, {})).toThrow(message);
  });

  it.each([
    ['--config', [ '--config', 'from-flag.yaml'], {}, 'from-flag.yaml'],
    ['SWITCHYARD_CONFIG', [], { SWITCHYARD_CONFIG: 'from-env.yaml' }, 'from-env.yaml'],
    ['--config over SWITCHYARD_CONFIG', ['--config', 'from-flag.yaml'], { SWITCHYARD_CONFIG: 'from-env.yaml' }, 'from-flag.yaml'],
    ['-c', ['-c', 'short.yaml'], {}, 'short.yaml'],
    ['--config=FILE', ['--config=equals.yaml'], {}, 'equals.yaml'],
  ])('takes the configuration file from %s', (_name, argv, environment, expected) => {
    expect(readCommandLine(argv, environment).configFile).toBe(expected);
  });

  it.each([
    ['--port', ['--port', '5001'], {}, 5001],
    ['PORT', [], { PORT: '5002' }, 5002],
    ['--port over PORT', ['--port', '5003'], { PORT: '5004' }, 5003],
    ['--port 0 (a free port)', ['--port', '0'], {}, 0],
  ])('takes the port from %s', (_name, argv, environment, expected) => {
    expect(readCommandLine(argv, environment).port).toBe(expected);
  });

  it.each([
    ['--host', ['--host', '0.0.0.0'], {}, '0.0.0.0'],
    ['HOST', [], { HOST: '::1' }, '::1'],
    ['--host over HOST', ['--host', '0.0.0.0'], { HOST: '::1' }, '0.0.0.0'],
  ])('takes the host from %s', (_name, argv, environment, expected) => {
    expect(readCommandLine(argv, environment).host).toBe(expected);
  });

  it('ignores empty PORT and HOST variables', () => {
    expect(readCommandLine([], { PORT: '', HOST: '' })).toMatchObject({ port: undefined, host: undefined });
  });

  it.each([
    ['a word', ['--port', 'abc']],
    ['a number out of range', ['--port', '70000']],
    ['a fraction', ['--port', '80.5']],
    ['a negative number', ['--port=-1']],
  ])('refuses a --port that is %s', (_name, argv) => {
    expect(() => readCommandLine(argv, {})).toThrow(UsageError);
  });

  it('refuses a PORT variable that is not a port, naming PORT', () => {
    expect(() => readCommandLine([], { PORT: 'http' })).toThrow(/PORT/);
  });

  it('refuses an unknown option', () => {
    expect(() => readCommandLine(['--conifg', 'x.yaml'], {})).toThrow(UsageError);
  });
});
