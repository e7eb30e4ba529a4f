"""The change feed: one follower per hub process reads the audit trail (written in each change's own
transaction, so only committed changes are announced) and fans new entries out to live subscribers.

Why this shape:
- Several hub processes share nothing but the graph: each follows the trail itself, so a change made
  through any process reaches the subscribers of every process.
- An entry's time is taken before its transaction commits, and a transaction may take up to the graph
  timeout; so each poll re-reads the last `settle` seconds and skips entries already seen. Events are
  delivered in the order they became visible, which is the order of the replay buffer, so a subscriber
  resuming from an event still in the buffer gets exactly what followed it, no gap and no repeat.
- Memory is bounded: the replay buffer holds the last `buffer_size` events, each subscriber's queue at most
  `queue_size`; a subscriber that falls that far behind is cut off (it resumes from its last event id)
  instead of growing the hub's memory.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import json
import logging
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from hub.errors import BadInput, HubError
from hub.graph import audit as q
from hub.graph.connection import Graph, GraphUnavailable, fetch_all
from hub.observability import metrics

log = logging.getLogger(__name__)

PAGE = 500  # audit entries read per statement


@dataclass(frozen=True)
class ChangeEvent:
    """One committed change: `action` (CREATE, UPDATE, DELETE, LINK, UNLINK, VERIFY, ...) of a record."""
    at: str
    key: str
    action: str
    label: str
    record_key: str
    detail: str | None = None  # JSON: what was linked or unlinked, what a deletion took with it

    @classmethod
    def from_entry(cls, entry: dict) -> "ChangeEvent":
        return cls(entry["at"], entry["key"], entry["action"], entry["label"], entry["recordKey"], entry.get("detail"))

    @property
    def relationship(self) -> str | None:
        """The kind of relationship a LINK or UNLINK made or removed."""
        if self.action not in ("LINK", "UNLINK") or not self.detail:
            return None
        return json.loads(self.detail).get("type")

    @property
    def id(self) -> str:
        """Opaque, to resume after: the entry's time and key."""
        return base64.urlsafe_b64encode(f"{self.at}|{self.key}".encode()).decode().rstrip("=")


class SlowSubscriber(HubError):
    code = "SLOW_SUBSCRIBER"


def parse_event_id(event_id: str) -> tuple[str, str]:
    """(at, key) of an event id; BadInput naming the argument when it is not one."""
    try:
        at, key = base64.urlsafe_b64decode(event_id + "=" * (-len(event_id) % 4)).decode().split("|")
        dt.datetime.fromisoformat(at)
    except (ValueError, UnicodeDecodeError):
        raise BadInput("after: not an event id of this feed") from None
    return at, key


class _Subscriber:
    def __init__(self, size: int):
        self.queue: asyncio.Queue[ChangeEvent | None] = asyncio.Queue(maxsize=size)

    def offer(self, event: ChangeEvent) -> bool:
        """Queues the event; False (and the subscriber cut off) when its queue is full."""
        try:
            self.queue.put_nowait(event)
            return True
        except asyncio.QueueFull:
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(None)
            return False


class ChangeFeed:
    def __init__(self, graph: Callable[[], Graph], *, poll_interval: float = 0.5, settle: float = 11.0,
                 buffer_size: int = 10_000, queue_size: int = 1_000):
        self._graph = graph
        self.poll_interval = poll_interval
        self.settle = dt.timedelta(seconds=settle)
        self.queue_size = queue_size
        self._buffer: deque[ChangeEvent] = deque(maxlen=buffer_size)
        self._seen: OrderedDict[str, str] = OrderedDict()  # entry key -> at, for the settle window
        self._subscribers: set[_Subscriber] = set()
        self._task: asyncio.Task | None = None
        self._since: str | None = None
        self.cut_off = 0  # subscribers cut off for being too slow
        self._starting = asyncio.Lock()

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    async def start(self) -> None:
        """Starts following from now: earlier changes are reached by resuming from an event id."""
        async with self._starting:
            if self._task is None:
                await self._begin()

    async def _begin(self) -> None:
        self._since = _now_iso()
        since = (dt.datetime.fromisoformat(self._since) - self.settle).isoformat(timespec="milliseconds")
        async for event in self._read(since):  # already there: not news
            self._seen[event.key] = event.at
        self._task = asyncio.create_task(self._follow(), name="change-feed")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for subscriber in self._subscribers:
            subscriber.offer(None)  # type: ignore[arg-type]

    async def poll(self) -> list[ChangeEvent]:
        """Reads what is new since the last poll and hands it to every subscriber."""
        since = (dt.datetime.fromisoformat(self._since) - self.settle).isoformat(timespec="milliseconds")
        fresh = []
        async for event in self._read(since):
            if event.key in self._seen:
                continue
            self._seen[event.key] = event.at
            fresh.append(event)
        if fresh:
            self._since = max(self._since, max(e.at for e in fresh))
        horizon = (dt.datetime.fromisoformat(self._since) - self.settle).isoformat(timespec="milliseconds")
        while self._seen and next(iter(self._seen.values())) < horizon:
            self._seen.popitem(last=False)
        metrics.CHANGE_EVENTS.inc(len(fresh))
        for event in fresh:
            self._buffer.append(event)
            for subscriber in list(self._subscribers):
                if not subscriber.offer(event):
                    self._subscribers.discard(subscriber)
                    self.cut_off += 1
                    metrics.CHANGE_CUT_OFF.inc()
        return fresh

    async def subscribe(self, after: str | None = None) -> AsyncIterator[ChangeEvent]:
        """Every change from now on; with `after` (an event id), first every change that followed it."""
        await self.start()
        subscriber = _Subscriber(self.queue_size)
        self._subscribers.add(subscriber)  # before the replay, so nothing falls between the two
        metrics.CHANGE_SUBSCRIBERS.inc()
        try:
            replayed: set[str] = set()
            if after is not None:
                async for event in self._replay(after):
                    replayed.add(event.key)
                    yield event
            while True:
                event = await subscriber.queue.get()
                if event is None:
                    raise SlowSubscriber(f"more than {self.queue_size} events waited for this subscriber: "
                                         "resume from the last event id received")
                if event.key not in replayed:
                    yield event
        finally:
            self._subscribers.discard(subscriber)
            metrics.CHANGE_SUBSCRIBERS.dec()

    async def _replay(self, after: str) -> AsyncIterator[ChangeEvent]:
        at, key = parse_event_id(after)
        buffered = list(self._buffer)
        position = next((i for i, e in enumerate(buffered) if e.key == key), None)
        if position is not None:
            for event in buffered[position + 1:]:
                yield event
            return
        # older than the buffer (or from before a restart): the trail itself, in time order
        async for event in self._read(at):
            if (event.at, event.key) > (at, key):
                yield event

    async def _read(self, since: str) -> AsyncIterator[ChangeEvent]:
        seen_at_since: set[str] = set()
        while True:
            async def work(tx, since=since):
                return await fetch_all(tx, q.FOLLOW, since=since, limit=PAGE)
            rows = await self._graph().read(work)
            events = [ChangeEvent.from_entry(r["entry"]) for r in rows]
            for event in events:
                if event.key not in seen_at_since:
                    yield event
            if len(events) < PAGE:
                return
            if events[-1].at == since:  # a page of one instant: cannot move on by time alone
                raise HubError("more audit entries at one instant than a page holds")
            since = events[-1].at
            seen_at_since = {e.key for e in events if e.at == since}

    async def _follow(self) -> None:
        while True:
            try:
                await self.poll()
            except GraphUnavailable as error:
                log.warning("change feed: the graph is unavailable (%s); retrying", error)
            except Exception:  # the feed must outlive any one bad poll
                log.exception("change feed: a poll failed")
            await asyncio.sleep(self.poll_interval)


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
