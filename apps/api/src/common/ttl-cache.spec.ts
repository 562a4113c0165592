import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  afterEach(() => jest.useRealTimers());

  it('serves a loaded value until the TTL passes, then loads again', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new TtlCache<string>(5_000);
    const load = jest.fn(async () => 'v');
    expect(await cache.getOrLoad('k', load)).toBe('v');
    expect(await cache.getOrLoad('k', load)).toBe('v');
    expect(load).toHaveBeenCalledTimes(1);
    jest.setSystemTime(1_000_000 + 5_001);
    expect(await cache.getOrLoad('k', load)).toBe('v');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not cache a miss, and forgets a deleted key at once', async () => {
    const cache = new TtlCache<string>(60_000);
    const miss = jest.fn(async () => null);
    expect(await cache.getOrLoad('k', miss)).toBeNull();
    expect(await cache.getOrLoad('k', miss)).toBeNull();
    expect(miss).toHaveBeenCalledTimes(2);
    cache.set('k', 'old');
    cache.delete('k');
    expect(await cache.getOrLoad('k', async () => 'new')).toBe('new');
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new TtlCache<number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });
});
