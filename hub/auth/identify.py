"""From a request's Authorization header to a Viewer; a bad credential is refused, never ignored."""

from __future__ import annotations

import contextlib

from hub.access import Viewer
from hub.auth import tokens
from hub.auth.jwt import JwtVerifier
from hub.errors import Unauthenticated
from hub.graph.connection import Graph, check_caller
from hub.observability.request import RequestRecord
from hub.settings import Settings


class Identifier:
    def __init__(self, settings: Settings, graph_of):
        """graph_of: returns the hub's current Graph (it exists only once the hub has started)."""
        self.settings = settings
        self.graph_of = graph_of
        self.jwt = JwtVerifier(settings)

    async def viewer(self, authorization: str | None, *, check_with_work: bool = False) -> Viewer:
        """check_with_work: an API token the process knows may be checked by the request's first transaction
        instead of one of its own; the caller then answers through `settled` (hub.auth.tokens)."""
        if not authorization:
            if not self.settings.anonymous_read:
                raise Unauthenticated("this hub requires a token: send Authorization: Bearer <token>")
            return Viewer.anonymous()
        scheme, _, credential = authorization.strip().partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
        graph: Graph = self.graph_of()
        if tokens.looks_like_api_token(credential):
            viewer = await tokens.viewer_for(graph, credential, check_with_work=check_with_work)
        elif self.jwt.configured:
            viewer = self.jwt.viewer_for(credential)
        else:
            viewer = None
        if viewer is None:
            raise Unauthenticated(tokens.REFUSED)
        return viewer

    async def settled(self, record: RequestRecord) -> None:
        """Raises Unauthenticated if the request's token was found revoked, or is found so now: a request
        whose work ran no transaction still has its token's look-up pending."""
        if record.pending_check is not None:
            with contextlib.suppress(Unauthenticated):  # refused: noted on the record
                await self.graph_of().read(lambda tx: check_caller(tx, record))
        if record.credential_refused:
            raise Unauthenticated(tokens.REFUSED)
