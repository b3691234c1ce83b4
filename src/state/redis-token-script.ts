/**
 * The rate-limit step on Redis: token-bucket.ts's arithmetic as one Lua script, so that
 * reading, refilling and taking a token is atomic however many replicas call at once.
 * The clock is the Redis server's (`TIME`), never a replica's: replicas whose clocks
 * disagree still refill the same bucket at the same rate.
 */
import type { Redis } from 'ioredis';
import type { RateDecision } from './state-store.js';
import { bucketIdleMs, refused } from './token-bucket.js';

// KEYS[1]: the bucket (a hash of tokens and updated_at). ARGV[1]: the limit per minute.
// Returns { allowed (1/0), milliseconds to wait, whole tokens left }; Lua numbers become
// integers on the way out, so fractions are rounded here. replicate_commands: before
// Redis 5 a script that read TIME could not write unless it asked for its effects to be
// replicated instead of the script; later versions always do that.
const takeTokenLua = `
if redis.replicate_commands then redis.replicate_commands() end
local limit = tonumber(ARGV[1])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated_at')
local tokens = tonumber(state[1]) or limit
local updated = tonumber(state[2]) or now
local per_ms = limit / 60000
now = math.max(now, updated)
tokens = math.min(limit, tokens + (now - updated) * per_ms)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated_at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ${bucketIdleMs})
return { allowed, wait, math.floor(tokens) }
`;

const commandName = 'switchyardTakeToken';

type TakeTokenCommand = Record<typeof commandName, (bucketKey: string, limitPerMinute: number) => Promise<[number, number, number]>>;

/**
 * Registers the script on `client` (ioredis sends EVALSHA, and EVAL once per connection
 * when the server does not have it yet) and returns the call.
 */
export function defineTakeToken(client: Redis): (bucketKey: string, limitPerMinute: number) => Promise<RateDecision> {
  client.defineCommand(commandName, { numberOfKeys: 1, lua: takeTokenLua });
  const command = client as unknown as TakeTokenCommand;
  return async (bucketKey, limitPerMinute) => {
    const [allowed, waitMs, remaining] = await command[commandName](bucketKey, limitPerMinute);
    return allowed === 1 ? { allowed: true, retryAfterSeconds: 0, remaining } : refused(waitMs);
  };
}
