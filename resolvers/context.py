"""What every resolver of one request shares: the caller, the services, and per-request batch loaders."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from hub.access import Viewer
from hub.services import gazetteer
from hub.services.reads import Reader
from hub.services.registry import Registry


@dataclass
class HubContext:
    viewer: Viewer
    reader: Reader
    registry: Registry
    request: Any = None
    response: Any = None
    settings: Any = None
    rate_limiter: Any = None
    changes: Any = None  # the process's ChangeFeed, for subscriptions
    connection_params: Any = None  # a WebSocket's connection_init payload
    loaders: dict = field(default_factory=dict)
    selections: dict = field(default_factory=dict)  # schema.types.selected_props, per field of the operation
    read_with_page: dict = field(default_factory=dict)  # neighbours read with a page, by loader key (schema.types)

    def neighbour_loader(self) -> DataLoader:
        """Batches every neighbour lookup of one resolver level into one statement per relationship kind, all in
        one transaction."""
        if "neighbours" not in self.loaders:
            self.loaders["neighbours"] = DataLoader(load_fn=self._load_neighbours)
        return self.loaders["neighbours"]

    async def _load_neighbours(self, keys: list[tuple[str, str, str, str, tuple | None, str]]):
        """keys: (source, rel, direction, target, properties to read or None for all, source key)."""
        groups: dict[tuple, list[str]] = defaultdict(list)
        for *kind, key in keys:
            groups[tuple(kind)].append(key)
        kinds = [(*kind, sorted(set(record_keys))) for kind, record_keys in groups.items()]
        found = {}
        for kind, rows in zip(groups, await self.reader.neighbours_of_kinds(kinds, self.viewer)):
            for key, items in rows.items():
                found[(*kind, key)] = items
        return [found.get(tuple(key), []) for key in keys]

    def batch_loader(self, name: str, load_many) -> DataLoader:
        """A per-request loader around `load_many(keys) -> {key: value}`; missing keys load as None."""
        if name not in self.loaders:
            async def load(keys: list[str]):
                found = await load_many(sorted(set(keys)))
                return [found.get(key) for key in keys]

            self.loaders[name] = DataLoader(load_fn=load)
        return self.loaders[name]

    async def place_labels(self, keys: list[str]) -> dict[str, str]:
        """Places' labels with their parents (see hub.services.gazetteer.label), many in one statement."""
        return await gazetteer.place_labels(self.reader.graph, keys)

    def masked(self, props: dict) -> bool:
        """A sensitive record the viewer may see only coarsely (mirrors hub.graph.access.unmasked)."""
        if not props.get("sensitive") or self.viewer.admin:
            return False
        return not self.viewer.acts_for(props.get("ownerKey"))

    def record_loader(self, label: str, fields: tuple[str, ...] | None = None) -> DataLoader:
        """fields: the properties to read of each record (None: all); one loader per set."""
        name = f"record:{label}:{fields}"
        if name not in self.loaders:
            async def load(keys: list[str]):
                records = await self.reader.get_many(label, sorted(set(keys)), self.viewer, fields)
                return [records.get(key) for key in keys]

            self.loaders[name] = DataLoader(load_fn=load)
        return self.loaders[name]
