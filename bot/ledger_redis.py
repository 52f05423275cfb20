"""The update ledger in Redis, used when `REDIS_URL` is set: a key per update with a TTL
as the lease, the polling inbox a hash, and the Lua scripts that claim, renew and
release atomically (bot/dedup.py tells the whole design).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from bot.ledger import LEASE, REMEMBER, Claim, Outcome, UpdateLedger

# KEYS: the claim keys of the batch, then the inbox hash; ARGV: owner, lease (ms), then
# the payloads. Claims what nobody claimed and stores those payloads; returns their ids'
# positions (1-based).
_ENQUEUE = """
local inbox = KEYS[#KEYS]
local won = {}
for i = 1, #KEYS - 1 do
  if redis.call('SET', KEYS[i], 'claim:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then
    redis.call('HSET', inbox, KEYS[i], ARGV[i + 2])
    won[#won + 1] = i
  end
end
return won
"""

# Renew the claims that are still this owner's.
_RENEW = """
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == 'claim:' .. ARGV[1] then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
  end
end
return 0
"""

# Claim one update: won, done, or busy with the claim's remaining milliseconds.
_CLAIM = """
if redis.call('SET', KEYS[1], 'claim:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'won', 0}
end
local value = redis.call('GET', KEYS[1])
if value == 'done' then return {'done', 0} end
if value == 'claim:' .. ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'won', 0}
end
return {'busy', redis.call('PTTL', KEYS[1])}
"""

# Release one claim of this owner (and its inbox row).
_RELEASE = """
if redis.call('GET', KEYS[1]) == 'claim:' .. ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('HDEL', KEYS[2], KEYS[1])
end
return 0
"""


class RedisLedger(UpdateLedger):
    """The ledger in Redis: `<prefix>:<id>` is `claim:<owner>` with the lease as its TTL, or
    `done` for 25 h; the inbox is the hash `<prefix>:inbox` (claim key → update JSON)."""

    def __init__(
        self, redis: Any, prefix: str = "seminar-bot:update", lease: timedelta = LEASE
    ) -> None:
        super().__init__(lease)
        self.redis = redis
        self.prefix = prefix
        self.inbox = f"{prefix}:inbox"
        self._scripts = {
            name: redis.register_script(source)
            for name, source in (
                ("enqueue", _ENQUEUE),
                ("renew", _RENEW),
                ("claim", _CLAIM),
                ("release", _RELEASE),
            )
        }

    @property
    def _lease_ms(self) -> int:
        return int(self.lease.total_seconds() * 1000)

    def _key(self, update_id: int) -> str:
        return f"{self.prefix}:{update_id}"

    async def _claim(self, update_id: int) -> Outcome:
        state, ttl = await self._scripts["claim"](
            keys=[self._key(update_id)], args=[self.owner, self._lease_ms]
        )
        state = state.decode() if isinstance(state, bytes) else state
        if state == "won":
            return Outcome(Claim.WON)
        if state == "done":
            return Outcome(Claim.DONE)
        return Outcome(Claim.BUSY, max(0, int(ttl)) / 1000)

    async def _enqueue(self, batch: Sequence[tuple[int, str]]) -> set[int]:
        if not batch:
            return set()
        keys = [self._key(update_id) for update_id, _ in batch] + [self.inbox]
        args = [self.owner, self._lease_ms, *(payload for _, payload in batch)]
        positions = await self._scripts["enqueue"](keys=keys, args=args)
        return {batch[int(i) - 1][0] for i in positions}

    async def _renew(self, ids: Sequence[int]) -> None:
        await self._scripts["renew"](
            keys=[self._key(i) for i in ids], args=[self.owner, self._lease_ms]
        )

    async def _complete(self, ids: Sequence[int]) -> None:
        keys = [self._key(i) for i in ids]
        async with self.redis.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.set(key, "done", ex=int(REMEMBER.total_seconds()))
            pipe.hdel(self.inbox, *keys)
            await pipe.execute()

    async def release(self, update_id: int) -> None:
        await self._scripts["release"](keys=[self._key(update_id), self.inbox], args=[self.owner])

    async def pending(self) -> list[tuple[int, str]]:
        rows = await self.redis.hgetall(self.inbox)
        found = []
        for key, payload in rows.items():
            key = key.decode() if isinstance(key, bytes) else key
            payload = payload.decode() if isinstance(payload, bytes) else payload
            found.append((int(key.rsplit(":", 1)[1]), payload))
        return sorted(found)
