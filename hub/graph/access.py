"""The one place where a caller's access is applied to what the graph returns.

Every read statement embeds `visible(alias)` for each record it returns or counts, with the parameters
of `Viewer.params()`. A record without a visibility property is public.
"""


def visible(alias: str) -> str:
    """A Cypher predicate: may the viewer see this node or relationship?"""
    return (
        f"($viewerAdmin OR coalesce({alias}.visibility, 'PUBLIC') = 'PUBLIC'"
        f" OR ($viewerSignedIn AND {alias}.visibility = 'NETWORK')"
        f" OR {alias}.ownerKey IN $viewerActorKeys"
        f" OR ({alias}.visibility = 'PARTNERS' AND EXISTS {{"
        f" MATCH (:Actor {{key: {alias}.ownerKey}})-[:PARTNERS_WITH]-(viewerPartner:Actor)"
        f" WHERE viewerPartner.key IN $viewerActorKeys }}))"
    )


def unmasked(alias: str) -> str:
    """A Cypher predicate: may the viewer see this record's exact places and contacts? A record marked
    sensitive is shown to others only coarsely, and is left out of maps, analyses and place filters
    finer than a province."""
    return f"(NOT coalesce({alias}.sensitive, false) OR $viewerAdmin OR {alias}.ownerKey IN $viewerActorKeys)"
