/** The local copy of breaker state every store answers `openUntil` from. */
import { describe, expect, it } from 'vitest';
import { BreakerMirror } from '../../../src/state/breaker-mirror.js';

function mirrorAt(start: number) {
  const clock = { now: start };
  const mirror = new BreakerMirror(() => clock.now);
  const heard: Array<[string, number]> = [];
  mirror.onChange((key, until) => heard.push([key, until]));
  return { clock, mirror, heard };
}

describe('BreakerMirror', () => {
  it('reads a key as open until its time, then closed', () => {
    const { clock, mirror } = mirrorAt(1000);
    mirror.set('breaker:a', 2000);
    expect(mirror.openUntil('breaker:a')).toBe(2000);
    clock.now = 2000;
    expect(mirror.openUntil('breaker:a')).toBe(0);
  });

  it('tells listeners only about changes', () => {
    const { mirror, heard } = mirrorAt(0);
    mirror.set('breaker:a', 5000);
    mirror.set('breaker:a', 5000);
    mirror.set('breaker:a', 0);
    mirror.set('breaker:a', 0);
    expect(heard).toEqual([
      ['breaker:a', 5000],
      ['breaker:a', 0],
    ]);
  });

  it('on a resync, closes keys missing from it and opens the ones in it', () => {
    const { mirror, heard } = mirrorAt(0);
    mirror.set('breaker:gone', 5000);
    mirror.set('breaker:kept', 5000);
    mirror.replaceAll(new Map([['breaker:kept', 5000], ['breaker:new', 7000], ['breaker:expired', -1]]));
    expect(mirror.entries()).toEqual(new Map([['breaker:kept', 5000], ['breaker:new', 7000]]));
    expect(heard.slice(2)).toEqual([
      ['breaker:gone', 0],
      ['breaker:new', 7000],
    ]);
  });

  it('keeps telling the other listeners when one throws', () => {
    const { mirror, heard } = mirrorAt(0);
    mirror.onChange(() => {
      throw new Error('a broken listener');
    });
    const after: string[] = [];
    mirror.onChange((key) => after.push(key));
    mirror.set('breaker:a', 5000);
    expect(heard).toHaveLength(1);
    expect(after).toEqual(['breaker:a']);
  });
});
