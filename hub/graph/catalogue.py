"""Every statement the hub can send, rendered, so each can be linted with Neo4j's own analyser."""

import itertools

from hub.graph import (audit, backup, bulk, export, feed, gazetteer, hierarchy, history, interop, links, listing, merges,
                       migration_log, nodes, receipts, reference, tokens, trust)
from hub.graph.analysis import features, gaps, network, partners, paths, presence
from hub.model import NODE_TYPES, RELATIONSHIP_TYPES


def _module_constants(module) -> list[tuple[str, str]]:
    return [
        (f"{module.__name__}.{name}", value)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and not name.startswith("_")
    ]


def all_statements() -> list[tuple[str, str]]:
    statements: list[tuple[str, str]] = []
    for module in (backup, export, nodes, gazetteer, hierarchy, history, interop, links, listing, merges, migration_log, bulk,
                   audit, feed, receipts, reference, tokens, trust, features, gaps, network, partners, paths, presence):
        statements += _module_constants(module)
    for label in NODE_TYPES:
        for builder in (nodes.get_by_keys, nodes.create, nodes.lock, nodes.update, nodes.delete,
                        nodes.dependents, nodes.set_derived, bulk.upsert_nodes, bulk.existing_keys):
            statements.append((f"nodes.{builder.__name__}[{label}]", builder(label)))
        statements.append((f"nodes.get_by_keys[{label},fields]", nodes.get_by_keys(label, ("key", "sortName"))))
        statements.append((f"nodes.update[{label},audited]", nodes.update(label, audited=True)))
        for builder in (feed.admit, feed.deletion_scope):
            statements.append((f"feed.{builder.__name__}[{label}]", builder(label)))
        every_filter = list(listing.FILTERS[label])
        while True:  # every filter, then without each start in turn: every way a list can begin
            start = listing.start_filter(label, every_filter) or "scan"
            for order in listing.ORDER_FIELDS:
                statements.append((f"listing.page[{label},{start},{order}]",
                                   listing.page(label, every_filter, order, True)))
            statements.append((f"listing.page[{label},{start},fields]",
                               listing.page(label, every_filter, "NAME", False, ("key", "sortName"))))
            statements.append((f"listing.counted_page[{label},{start}]",
                               listing.counted_page(label, every_filter, "NAME", True)))
            statements.append((f"listing.counted_page[{label},{start},fields]",
                               listing.counted_page(label, every_filter, "NAME", False, ("key", "sortName"))))
            statements.append((f"listing.page[{label},{start},stamped]",
                               listing.page(label, every_filter, "NAME", False, ("key", "sortName"), stamped=True)))
            statements.append((f"listing.counted_page[{label},{start},stamped]",
                               listing.counted_page(label, every_filter, "NAME", False, None, stamped=True)))
            if start == "scan":
                break
            every_filter.remove(start)
    statements.append(("nodes.find_by_identity", nodes.find_by_identity()))
    statements.append(("nodes.get_linked[all]", nodes.get_linked(tuple(NODE_TYPES))))
    for label in NODE_TYPES:  # with no links, and with every kind of link a new record of the label can have
        kinds = tuple((rel.name, other, outgoing) for rel in RELATIONSHIP_TYPES.values()
                      for source, target in sorted(rel.ends)
                      for other, outgoing in ((target, True), (source, False)) if label == (source if outgoing else target))
        statements.append((f"nodes.create_linked[{label}]", nodes.create_linked(label, ())))
        statements.append((f"nodes.create_linked[{label},all]", nodes.create_linked(label, kinds)))
        statements.append((f"nodes.create_linked[{label},all,receipt]", nodes.create_linked(label, kinds, receipt=True)))
        # a page bringing along every kind of neighbour its records can have, all properties and some
        nested = tuple((name, "OUT" if outgoing else "IN", other, fields)
                       for (name, other, outgoing), fields in zip(kinds, itertools.cycle((None, ("key", "sortName")))))
        every_filter = list(listing.FILTERS[label])
        statements.append((f"listing.page[{label},nested]", listing.page(label, every_filter, "NAME", False, None, nested)))
        statements.append((f"listing.record_with_neighbours[{label}]", listing.record_with_neighbours(label, nested)))
        statements.append((f"listing.counted_page[{label},nested]",
                           listing.counted_page(label, every_filter, "NAME", False, ("key", "sortName"), nested)))
    for rel in RELATIONSHIP_TYPES.values():
        for source, target in sorted(rel.ends):
            tag = f"{source}-{rel.name}-{target}"
            statements += [
                (f"links.lock_pair[{tag}]", links.lock_pair(source, target)),
                (f"links.lock_pair[{tag},existing]", links.lock_pair(source, target, rel.name, rel.symmetric)),
                (f"links.unlock_pair[{tag}]", links.unlock_pair(source, target)),
                (f"links.existing[{tag}]", links.existing(source, rel.name, target, rel.symmetric)),
                (f"links.write_link[{tag},new]", links.write_link(source, rel.name, target, rel.symmetric,
                                                                  new=True, receipt=False)),
                (f"links.write_link[{tag},new,receipt]", links.write_link(source, rel.name, target, rel.symmetric,
                                                                          new=True, receipt=True)),
                (f"links.write_link[{tag},changed,receipt]", links.write_link(source, rel.name, target, rel.symmetric,
                                                                              new=False, receipt=True)),
                (f"links.write_link[{tag},changed]", links.write_link(source, rel.name, target, rel.symmetric,
                                                                      new=False, receipt=False)),
                (f"links.create_links[{tag}]", links.create_links(source, rel.name, target)),
                (f"links.unlink[{tag}]", links.unlink(source, rel.name, target, rel.symmetric)),
                (f"bulk.upsert_links[{tag}]", bulk.upsert_links(source, rel.name, target)),
                (f"interop.merge_links[{tag}]", interop.merge_links(source, rel.name, target)),
            ]
            for direction in ("OUT", "IN", "BOTH"):
                statements.append((f"links.neighbours[{tag},{direction}]",
                                   links.neighbours(source, rel.name, direction, target)))
                statements.append((f"links.neighbours[{tag},{direction},fields]",
                                   links.neighbours(source, rel.name, direction, target, ("key", "sortName"))))
            if rel.hierarchical:
                statements.append((f"links.would_cycle[{tag}]", links.would_cycle(source, rel.name)))
    # a resolver level's kinds read together: every kind of relationship once, all fields and some
    every_kind = tuple((source, rel.name, direction, target, fields)
                       for rel in RELATIONSHIP_TYPES.values() for source, target in sorted(rel.ends)
                       for direction, fields in (("OUT", None), ("IN", ("key", "sortName"))))
    statements.append(("links.neighbours_of_kinds[all]", links.neighbours_of_kinds(every_kind)))
    for label in backup.IDENTITY:
        statements += [(f"backup.node_page[{label}]", backup.node_page(label)),
                       (f"backup.create_nodes[{label}]", backup.create_nodes(label))]
    for link in backup.LINKS:
        tag = "-".join(link)
        statements += [(f"backup.link_page[{tag}]", backup.link_page(*link)),
                       (f"backup.create_links[{tag}]", backup.create_links(*link))]
    statements += merges.statements()
    statements += _analysis_statements()
    return statements


def _analysis_statements() -> list[tuple[str, str]]:
    every = list(presence.INITIATIVE_CONDITIONS)
    found = [
        ("listing.coarse_places", listing.coarse_places()),
        ("listing.coarse_places[fields]", listing.coarse_places(("key", "name"))),
        ("presence.actor_work", presence.actor_work(every, kinds=True)),
        ("presence.actor_work[records]", presence.actor_work(every, kinds=True, records={
            "Actor": ("key", "name"), "Initiative": ("key", "title")})),
        ("presence.actor_work[all of records]", presence.actor_work(every, kinds=True, records={
            "Actor": None, "Initiative": None})),
        ("presence.present_actors", presence.present_actors(kinds=True)),
        ("presence.present_actors[actors]", presence.present_actors(kinds=True, records={"Actor": ("key", "name")})),
        ("presence.matrix_places[level]", presence.matrix_places(by_level=True)),
        ("presence.matrix_places[children]", presence.matrix_places(by_level=False)),
        ("presence.matrix_cells", presence.matrix_cells(every)),
        ("gaps.unaddressed_needs", gaps.unaddressed_needs(theme_filter=True)),
        ("gaps.places_without_actors", gaps.places_without_actors()),
        ("gaps.mandated_themes", gaps.mandated_themes()),
        ("gaps.addressed_themes", gaps.addressed_themes()),
        ("gaps.unaddressed_needs[asOf]", gaps.unaddressed_needs(theme_filter=True, as_of=True)),
        ("gaps.places_without_actors[asOf]", gaps.places_without_actors(as_of=True)),
        ("gaps.present_then", gaps.present_then()),
        ("gaps.working_then", gaps.working_then()),
        ("gaps.mandated_themes[asOf]", gaps.mandated_themes(as_of=True)),
        ("gaps.addressed_themes[asOf]", gaps.addressed_themes(as_of=True)),
        ("gaps.mandated_actors", gaps.mandated_actors()),
        ("gaps.activity_outside_mandates", gaps.activity_outside_mandates()),
        ("gaps.idle_mandates", gaps.idle_mandates()),
        ("gaps.mandated_actors[asOf]", gaps.mandated_actors(as_of=True)),
        ("gaps.activity_outside_mandates[asOf]", gaps.activity_outside_mandates(as_of=True)),
        ("gaps.idle_mandates[asOf]", gaps.idle_mandates(as_of=True)),
        ("paths.start", paths.start("Actor")),
        ("paths.step[all]", paths.step(None)),
        ("paths.step[via]", paths.step(["PARTNERS_WITH", "MEMBER_OF"])),
        ("paths.start[asOf]", paths.start("Actor", as_of=True)),
        ("paths.step[all,asOf]", paths.step(None, as_of=True)),
        ("paths.step[via,asOf]", paths.step(["PARTNERS_WITH", "MEMBER_OF"], as_of=True)),
        ("network.start[Actor]", network.start("Actor")),
        ("network.step[all]", network.step(None, period=False)),
        *[(f"network.{builder.__name__}[{label}]", builder(label)) for label in NODE_TYPES
          for builder in (network.every, network.count_every, network.links_from)],
        ("network.step[via,period]", network.step(["IMPLEMENTS", "LOCATED_IN"], period=True)),
        ("network.joint_work[place]", network.joint_work(True, list(presence.INITIATIVE_CONDITIONS))),
        ("network.joint_work[scan]", network.joint_work(False, ["statuses"])),
        # as of a past moment (hub.graph.history)
        ("presence.actor_work[asOf]", presence.actor_work(every, kinds=True, as_of=True)),
        ("presence.removed_work", presence.removed_work(every, kinds=True)),
        ("presence.present_actors[asOf]", presence.present_actors(kinds=True, as_of=True)),
        ("presence.contacts_of[asOf]", presence.contacts_of(as_of=True)),
        ("presence.matrix_cells[asOf]", presence.matrix_cells(every, as_of=True)),
        ("presence.removed_cells", presence.removed_cells(every)),
        ("network.start[Actor,asOf]", network.start("Actor", as_of=True)),
        ("network.step[via,period,asOf]", network.step(["IMPLEMENTS", "LOCATED_IN"], period=True, as_of=True)),
        ("network.step[all,asOf]", network.step(None, period=False, as_of=True)),
        ("network.joint_work[place,asOf]", network.joint_work(True, every, as_of=True)),
        ("network.joint_work[scan,asOf]", network.joint_work(False, ["statuses", "asOf"], as_of=True)),
        ("network.all_actors[asOf]", network.all_actors(as_of=True)),
        ("network.actors_by_key[asOf,masked]", network.actors_by_key(as_of=True, masked=True)),
        ("network.all_actor_links[asOf]", network.all_actor_links(as_of=True)),
        ("network.actor_links_among[asOf]", network.actor_links_among(as_of=True)),
    ]
    for label in NODE_TYPES:
        found.append((f"paths.restored_step[{label}]", paths.restored_step(label)))
        found += [(f"network.restored_step[{label}]", network.restored_step(label, period=False)),
                  (f"network.restored_step[{label},period]", network.restored_step(label, period=True))]
    return found
