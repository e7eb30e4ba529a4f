"""The garbage collector and a long-running server: what start-up made is set aside once it has started.

A started hub holds some 140,000 objects that live as long as the process (the schema, graphql-core's and
strawberry's types, the driver, the modules). Python's full collection walks every tracked object, and a
request that allocates much (a create's duplicate check scores some 280 candidates) brings one on every few
requests: 75-200 ms each on a shared 2-core machine, paid by whichever request happened to trigger it.
Frozen after start-up, they are left out of every later collection, which then walks only what requests
made since (a few thousand objects: 2-6 ms). See docs/performance.md, "A create with its duplicate check".
"""

import gc


def settle() -> None:
    """Collects the garbage start-up left, then moves everything still alive out of the collector's reach.
    Objects alive now and dropped later are still freed by reference counting; only a cycle among them
    would stay (start-up's cycles are collected first)."""
    gc.collect()
    gc.freeze()
