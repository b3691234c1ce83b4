import { describe, expect, it } from 'vitest';
import { maxSample, readPrometheusSamples, sumSamples } from '../../../../src/upstream/load/read-prometheus-samples.js';

describe('readPrometheusSamples', () => {
  it.each([
    ['a bare sample', 'llamacpp:requests_processing 2', { name: 'llamacpp:requests_processing', labels: {}, value: 2 }],
    ['labels', 'vllm:num_requests_waiting{engine="0",model_name="m"} 3.0', { name: 'vllm:num_requests_waiting', labels: { engine: '0', model_name: 'm' }, value: 3 }],
    ['a timestamp after the value', 'up{job="x"} 1 1712345678000', { name: 'up', labels: { job: 'x' }, value: 1 }],
    ['spaces around labels and a trailing comma', 'x{ a = "1" , b="2", } 4', { name: 'x', labels: { a: '1', b: '2' }, value: 4 }],
    ['escaped quotes, backslashes and newlines in a label', 'x{path="C:\\\\models\\\\a \\"b\\"\\nc"} 1', { name: 'x', labels: { path: 'C:\\models\\a "b"\nc' }, value: 1 }],
    ['a brace inside a label value', 'x{model_name="a}b"} 5', { name: 'x', labels: { model_name: 'a}b' }, value: 5 }],
    ['an exponent', 'x 1.5e3', { name: 'x', labels: {}, value: 1500 }],
    ['+Inf', 'x_bucket{le="+Inf"} +Inf', { name: 'x_bucket', labels: { le: '+Inf' }, value: Number.POSITIVE_INFINITY }],
    ['-Inf', 'x -Inf', { name: 'x', labels: {}, value: Number.NEGATIVE_INFINITY }],
  ])('reads %s', (_, line, sample) => {
    expect(readPrometheusSamples(line)).toEqual([sample]);
  });

  it('reads NaN in either case as NaN', () => {
    expect(readPrometheusSamples('llamacpp:predicted_tokens_seconds nan\nx NaN').map((sample) => sample.value)).toEqual([Number.NaN, Number.NaN]);
  });

  it.each([
    ['a comment', '# HELP x Some help.'],
    ['a TYPE line', '# TYPE x gauge'],
    ['a blank line', '   '],
    ['a line without a value', 'x{a="1"}'],
    ['an unclosed label set', 'x{a="1" 2'],
    ['an unquoted label value', 'x{a=1} 2'],
    ['a value that is not a number', 'x abc'],
    ['a line that does not start with a metric name', '{a="1"} 2'],
  ])('skips %s', (_, line) => {
    expect(readPrometheusSamples(line)).toEqual([]);
  });

  it('reads the samples around a line it cannot read', () => {
    expect(readPrometheusSamples('a 1\nb{oops 2\nc 3\r\n').map((sample) => sample.name)).toEqual(['a', 'c']);
  });

  it('reads only the wanted names when given them', () => {
    expect(readPrometheusSamples('a 1\nb 2\nc 3', new Set(['b'])).map((sample) => sample.name)).toEqual(['b']);
  });
});

describe('sumSamples and maxSample', () => {
  const samples = readPrometheusSamples('g{engine="0"} 2\ng{engine="1"} 5\ng{engine="2"} NaN\nh 1');

  it('sums the finite values of one name', () => {
    expect(sumSamples(samples, 'g')).toBe(7);
  });

  it('takes the largest finite value of one name', () => {
    expect(maxSample(samples, 'g')).toBe(5);
  });

  it('answers undefined for a name with no sample', () => {
    expect(sumSamples(samples, 'missing')).toBeUndefined();
    expect(maxSample(samples, 'missing')).toBeUndefined();
  });
});
