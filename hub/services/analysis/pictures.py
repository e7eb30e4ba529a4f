"""Pictures of the network views for people who would rather look than read: a neighbourhood, a collaboration
network coloured by community and sized by betweenness, and a place's presence matrix as a heat-map, as SVG or PNG.

Drawn with matplotlib's object API on its Agg and SVG canvases (no pyplot, no display), imported only when a
picture is asked for: it costs about half a second to import. Layouts are seeded, so the same view gives the same
picture. SVG text is kept as text (searchable, and drawn by the viewer's fonts in any script); PNG text uses the
bundled DejaVu Sans, which covers Latin, Cyrillic, Greek, Georgian, Armenian, Hebrew and Arabic letters. Every text
taken from a record goes through _label.
"""

from __future__ import annotations

import io
import math
import random

from hub.services.analysis.network import GraphView
from hub.xml_text import xml_text

FORMATS = ("SVG", "PNG")
MEDIA = {"SVG": "image/svg+xml", "PNG": "image/png"}
TOP_LABELS = 12  # brokers named in a collaboration network
MAX_NEIGHBOURHOOD_LABELS = 60
KIND_COLOURS = {"Actor": "#1f77b4", "Initiative": "#ff7f0e", "Location": "#2ca02c", "Mandate": "#9467bd",
                "Theme": "#8c564b", "Need": "#d62728", "Contact": "#7f7f7f"}
COMMUNITY_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
                     "#17becf", "#aec7e8"]
OTHER_COLOUR = "#c7c7c7"  # communities beyond the coloured ones, and isolated actors


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "hub"  # stable ids in the SVG
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _save(figure, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt}")
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "SVG" else {"Software": None}
    figure.savefig(out, format=fmt.lower(), metadata=metadata)
    return out.getvalue()


def _layout(keys: list, pairs: list[tuple], weights: list[float] | None = None) -> dict:
    """Fruchterman-Reingold with igraph's generator seeded, so the same graph is laid out the same way. Each
    connected group is laid out alone in a box as wide as the square root of its size, the largest first, the
    others in rows below it: laid out together, scattered small groups squeeze the main one into a dot."""
    import igraph

    index = {k: i for i, k in enumerate(keys)}
    g = igraph.Graph(n=len(keys), edges=[(index[a], index[b]) for a, b in pairs])
    g.es["weight"] = weights or [1.0] * len(pairs)
    parts = sorted(g.connected_components(), key=lambda m: (-len(m), m))
    width = max(math.sqrt(len(parts[0])), 4.0) if parts else 0
    positions, x, y, row = {}, 0.0, 0.0, 0.0
    igraph.set_random_number_generator(random.Random(0))
    try:
        for n, members in enumerate(parts):
            side = math.sqrt(len(members)) * (1 if n == 0 else 0.6 if len(members) > 1 else 0.2)
            if x > 0 and x + side > width:
                x, y, row = 0.0, y - row - 0.5, 0.0
            sub = g.induced_subgraph(members)
            coords = sub.layout_fruchterman_reingold(weights="weight", niter=500).coords if len(members) > 1 else [[0, 0]]
            xs, ys = [c[0] for c in coords], [c[1] for c in coords]
            span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1
            for member, (cx, cy) in zip(members, coords):
                positions[keys[member]] = (x + (cx - min(xs)) / span * side, y - (cy - min(ys)) / span * side)
            x, row = x + (max(xs) - min(xs)) / span * side + 0.5, max(row, (max(ys) - min(ys)) / span * side)
    finally:
        igraph.set_random_number_generator(random)
    return positions


def _edges(ax, positions: dict, pairs, widths=None) -> None:
    from matplotlib.collections import LineCollection

    segments = [(positions[a], positions[b]) for a, b in pairs]
    if segments:
        ax.add_collection(LineCollection(segments, colors="#999999", linewidths=widths or 0.8, alpha=0.6, zorder=1,
                                         gid="links"))


def _label(text: str) -> str:
    """A record's text as matplotlib must be given it: only characters XML 1.0 allows (an SVG is XML), and its
    dollar signs escaped, or a name with two of them would be drawn as mathtext (or refused, unparsable)."""
    return xml_text(text).replace("$", r"\$")


def _short(text: str, length: int = 40) -> str:
    return _label(text if len(text) <= length else text[:length - 1] + "…")


def _frame(ax, title: str) -> None:
    ax.set_title(_label(title), fontsize=12)
    ax.set_axis_off()
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.margins(0.15, 0.08)


def neighbourhood(view: GraphView, fmt: str, title: str) -> bytes:
    """Records coloured by type; the record asked about ringed; names for all but the largest neighbourhoods,
    where only the first steps are named."""
    ids = [(n.label, n.key) for n in view.nodes]
    positions = _layout(ids, [(e.source, e.target) for e in view.edges])
    figure = _figure(10, 8)
    ax = figure.add_subplot()
    _edges(ax, positions, [(e.source, e.target) for e in view.edges if e.source in positions and e.target in positions])
    for label in [k for k in KIND_COLOURS if any(n.label == k for n in view.nodes)]:
        members = [n for n in view.nodes if n.label == label]
        ax.scatter([positions[(n.label, n.key)][0] for n in members], [positions[(n.label, n.key)][1] for n in members],
                   s=[260 if n.depth == 0 else 90 for n in members], c=KIND_COLOURS[label],
                   edgecolors=["black" if n.depth == 0 else "white" for n in members], linewidths=1.5, zorder=2,
                   label=f"{label} ({len(members)})", gid=f"kind-{label}")
    named = max((d for d in range(4) if sum(n.depth <= d for n in view.nodes) <= MAX_NEIGHBOURHOOD_LABELS), default=0)
    for n in view.nodes:
        if n.depth <= named:
            x, y = positions[(n.label, n.key)]
            ax.annotate(_label(n.name or n.key), (x, y), xytext=(0, 7), textcoords="offset points", ha="center",
                        fontsize=7, zorder=3)
    if view.nodes:
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8, frameon=False, title="Records")
    _frame(ax, title + (" (capped)" if view.capped else ""))
    return _save(figure, fmt)


def network(view: GraphView, fmt: str, title: str) -> bytes:
    """Actors coloured by community (the ten largest; others grey), sized by betweenness, the top brokers
    named; links wider as their weight grows."""
    keys = [n.key for n in view.nodes]
    pairs = [(e.source[1], e.target[1]) for e in view.edges]
    positions = _layout(keys, pairs, [e.weight for e in view.edges])
    figure = _figure(11, 8)
    ax = figure.add_subplot()
    _edges(ax, positions, pairs, [0.6 + min(e.weight, 5) * 0.5 for e in view.edges])
    top = max((n.figures.get("betweenness", 0) for n in view.nodes), default=0) or 1
    groups: dict[int, list] = {}
    for n in view.nodes:
        groups.setdefault(n.figures.get("community", -1), []).append(n)
    coloured = [c for c in sorted(groups) if c >= 0 and len(groups[c]) > 1][:len(COMMUNITY_COLOURS)]
    others = [n for c, members in groups.items() if c not in coloured for n in members]
    for i, c in enumerate(coloured + ([None] if others else [])):
        members = groups[c] if c is not None else others
        leader = max(members, key=lambda n: (n.figures.get("betweenness", 0), n.figures.get("degree", 0)))
        label = (f"Community {c} ({len(members)}): {_short(leader.name or leader.key)}" if c is not None
                 else f"Others ({len(members)}: small groups, isolated)")
        ax.scatter([positions[n.key][0] for n in members], [positions[n.key][1] for n in members],
                   s=[30 + 600 * n.figures.get("betweenness", 0) / top for n in members],
                   c=COMMUNITY_COLOURS[i] if c is not None else OTHER_COLOUR, edgecolors="white", linewidths=0.8,
                   zorder=2, label=label, gid=f"community-{c}" if c is not None else "community-others")
    ranked = sorted(view.nodes, key=lambda n: (-n.figures.get("betweenness", 0), -n.figures.get("degree", 0), n.key))
    for n in [n for n in ranked if n.figures.get("betweenness", 0) > 0][:TOP_LABELS]:
        ax.annotate(_short(n.name or n.key, 36), positions[n.key], xytext=(0, 8), textcoords="offset points", ha="center",
                    fontsize=8, zorder=3)
    if view.nodes:
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8, frameon=False,
                           title="Colour: community; size: betweenness", markerscale=0.6)
        for handle in legend.legend_handles:
            handle.set_sizes([60])
    _frame(ax, title)
    return _save(figure, fmt)


def presence(rows: list[str], columns: list[str], counts: list[list[int]], fmt: str, title: str,
             what: str = "actors") -> bytes:
    """A grid of places (rows) by themes (columns), each cell shaded and marked with its count."""
    figure = _figure(max(6, 1.2 + 0.55 * len(columns)), max(3, 1.5 + 0.35 * len(rows)))
    ax = figure.add_subplot()
    if rows and columns:
        image = ax.imshow(counts, cmap="YlOrRd", aspect="auto", vmin=0, gid="matrix")
        peak = max(max(r) for r in counts) or 1
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                if value:
                    ax.text(j, i, str(value), ha="center", va="center", fontsize=8,
                            color="white" if value > peak * 0.6 else "black", gid=f"cell-{i}-{j}")
        ax.set_xticks(range(len(columns)), [_label(c) for c in columns], rotation=45, ha="right", fontsize=8)
        ax.set_yticks(range(len(rows)), [_label(r) for r in rows], fontsize=8)
        bar = figure.colorbar(image, ax=ax, label=what, shrink=0.8)
        bar.ax.yaxis.get_major_locator().set_params(integer=True)
    else:
        ax.text(0.5, 0.5, "nothing registered here", ha="center", va="center")
        ax.set_axis_off()
    ax.set_title(_label(title), fontsize=12)
    return _save(figure, fmt)
