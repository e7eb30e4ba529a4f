"""The exports over HTTP, for signed-in callers: GET /export/iati.xml and GET /export/hxl.csv.

Plain HTTP rather than a GraphQL field, because an export can be large: the answer is streamed a page of
initiatives at a time (chunked), never built in memory, and a GraphQL response is one JSON document. The
caller's token decides what is in it, exactly as for the API (visibility, sensitive places at province level).
Query parameters (all optional but `place` for a 3W table): place, theme, actor (global IDs or keys), from, to
(YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from hub.auth.identify import Identifier
from hub.errors import BadInput, Unauthenticated
from hub.graph.connection import GraphUnavailable
from hub.ids import from_global_id
from hub.observability.request import error_extensions
from hub.services import export

MEDIA = {"iati": ("application/xml; charset=utf-8", "iati-activities.xml"),
         "hxl": ("text/csv; charset=utf-8", "3w.csv")}


def routes(hub, settings) -> list[Route]:
    identifier = Identifier(settings, lambda: hub.graph)

    def streams(fmt, viewer, scope):
        if fmt == "iati":
            return export.iati(hub.reader, viewer, scope)
        return export.hxl(hub.reader, hub.graph, viewer, scope)

    async def endpoint(request: Request) -> Response:
        fmt = "iati" if request.url.path.endswith(".xml") else "hxl"
        media, name = MEDIA[fmt]

        async def chunks(viewer):
            return streams(fmt, viewer, _scope(request))

        return await streamed(identifier, request, chunks, media, name)

    return [Route("/export/iati.xml", endpoint, methods=["GET"], name="export-iati"),
            Route("/export/hxl.csv", endpoint, methods=["GET"], name="export-hxl")]


async def streamed(identifier: Identifier, request: Request, open_chunks, media: str, filename: str) -> Response:
    """A signed-in caller's file, streamed. open_chunks(viewer) gives the file's async chunks; a missing token, a
    bad parameter, an unknown record or an unavailable graph is answered as a JSON error before the first byte."""
    try:
        viewer = await identifier.viewer(request.headers.get("authorization"))
        if not viewer.signed_in:
            raise Unauthenticated("exports are for signed-in callers: send Authorization: Bearer <token>")
        chunks = await open_chunks(viewer)
        first = await anext(chunks)  # a bad filter or an unknown record is answered before streaming starts
    except Unauthenticated as error:
        return _error(error.message, error.code, 401, {"WWW-Authenticate": "Bearer"})
    except BadInput as error:
        return _error(error.message, error.code, 400)
    except GraphUnavailable:
        return _error("the graph is unavailable; retry shortly", "UNAVAILABLE", 503, {"Retry-After": "5"})

    async def body():
        yield first
        async for chunk in chunks:
            yield chunk

    return StreamingResponse(body(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                      "Cache-Control": "no-store"})


def _error(message: str, code: str, status: int, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": error_extensions(code)}]},
                        status_code=status, headers=headers)


def _scope(request: Request) -> export.Scope:
    params = request.query_params
    unknown = set(params) - {"place", "theme", "actor", "from", "to"}
    if unknown:
        raise BadInput(f"{sorted(unknown)[0]}: not a parameter of exports (place, theme, actor, from, to)")
    return export.Scope(place=_key(params.get("place"), "Location", "place"),
                        theme=_key(params.get("theme"), "Theme", "theme"),
                        actor=_key(params.get("actor"), "Actor", "actor"),
                        start=_date(params.get("from"), "from"), end=_date(params.get("to"), "to"))


def _key(value: str | None, label: str, name: str) -> str | None:
    if not value:
        return None
    try:
        return from_global_id(value, label, name)[1]
    except BadInput:
        return value  # a key as stored (a P-code, a theme code)


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{name}: not a date (YYYY-MM-DD)") from None
