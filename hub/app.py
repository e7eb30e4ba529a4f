"""The Starlette application: GraphQL at /graphql (with GraphiQL served from the hub), /healthz, /readyz and /metrics."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

import orjson
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.exceptions import ConnectionRejectionError

from hub.access import Viewer
from hub.auth.identify import Identifier
from hub.errors import Forbidden, Unauthenticated
from hub.graph import warm_up
from hub.graph.connection import GraphUnavailable
from hub.body_limit import BodySizeLimit
from hub.cors import OriginAllowList
from hub import export_graph_routes, export_routes, heap
from hub.observability.metrics import metrics_endpoint
from hub.observability.middleware import RequestObserver
from hub.observability.request import current_request, error_extensions
from hub.ratelimit import RateLimiter
from hub.security_headers import SecurityHeaders
from hub.runtime import Hub
from hub.services import permissions
from hub.settings import Settings
from hub.web import explorer, graphiql
from resolvers.context import HubContext
from schema.schema import schema

log = logging.getLogger(__name__)

RETRY_AFTER = "5"  # seconds a client is asked to wait before retrying an operation the graph could not run
UNAVAILABLE_MESSAGE = "The graph database is unavailable; try again shortly."


def could_not_run(body) -> bool:
    """The one rule for UNAVAILABLE: the graph could not run the operation at all (no field has data), so the
    answer is HTTP 503 with Retry-After. An operation that ran in part keeps 200, its failed fields carrying
    extensions.code = UNAVAILABLE."""
    if not isinstance(body, dict):
        return False
    codes = {(error.get("extensions") or {}).get("code") for error in body.get("errors") or []}
    data = body.get("data")
    return "UNAVAILABLE" in codes and (data is None or all(value is None for value in data.values()))


class TextWebSocketAdapter(ASGIWebSocketAdapter):
    """graphql-transport-ws messages are text frames (browsers' clients ignore binary ones), while the
    HTTP answers keep orjson's bytes."""

    async def send_json(self, message) -> None:
        encoded = self.view.encode_json(message)
        try:
            await self.ws.send_text(encoded.decode() if isinstance(encoded, bytes) else encoded)
        except WebSocketDisconnect as error:
            raise WebSocketDisconnected from error


def _refusal(error: Exception) -> JSONResponse:
    """The answer to a request refused before its work: 401 (no or bad credential), 403 (a credential without
    the role), 503 (the token could not be looked up: the graph is down, not the token bad)."""
    if isinstance(error, GraphUnavailable):
        body = {"data": None, "errors": [{"message": UNAVAILABLE_MESSAGE, "extensions": error_extensions("UNAVAILABLE")}]}
        return JSONResponse(body, status_code=503, headers={"Retry-After": RETRY_AFTER})
    body = {"data": None, "errors": [{"message": error.message, "extensions": error_extensions(error.code)}]}
    if isinstance(error, Unauthenticated):
        return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return JSONResponse(body, status_code=403)


class HubGraphQL(GraphQL):
    """Strawberry's ASGI app with the hub's per-request context: the caller, the services, the settings."""

    websocket_adapter_class = TextWebSocketAdapter

    def __init__(self, hub: Hub, settings: Settings):
        # WebSocket handshakes are not subject to CORS: strawberry admits only the hub's own origin and these
        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql else None,
                         allowed_origins=settings.cors_origins, max_subscriptions_per_connection=10,
                         multipart_uploads_enabled=True)
        self.hub = hub
        self.settings = settings
        self.identifier = Identifier(settings, lambda: hub.graph)
        self.rate_limiter = RateLimiter(settings.rate_limit_points, settings.rate_limit_window)

    async def __call__(self, scope, receive, send):
        """A bad or missing credential is answered before any GraphQL work, with 401 and UNAUTHENTICATED; a
        token the process knows is checked by the work's first transaction instead, and the answer waits for
        that check (`_after_the_check`)."""
        if scope["type"] == "http":
            request = Request(scope)
            record = current_request()
            try:
                viewer = await self.identifier.viewer(request.headers.get("authorization"), check_with_work=True)
                scope.setdefault("state", {})["viewer"] = viewer
                if record is not None:
                    record.role = viewer.role.value
                    if record.pending_check is not None:
                        send = self._after_the_check(scope, receive, send, record)
                if request.headers.get("content-type", "").startswith("multipart/form-data") and not viewer.admin:
                    # anonymous: signing in may help (401); signed in without the role: it will not (403)
                    permissions.require_admin(viewer, "only admins send files")
            except (Unauthenticated, Forbidden, GraphUnavailable) as error:
                await _refusal(error)(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def _after_the_check(self, scope, receive, send, record):
        """`send`, holding the answer back until the caller's token is known to stand (looked up now if the
        work ran no transaction): otherwise the answer is the 401 the look-up would have given first."""
        refused = False

        async def send_once_checked(message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start":
                try:
                    await self.identifier.settled(record)
                except (Unauthenticated, GraphUnavailable) as error:
                    refused = True
                    record.code = "UNAUTHENTICATED" if isinstance(error, Unauthenticated) else "UNAVAILABLE"
                    await _refusal(error)(scope, receive, send)
            if not refused:
                await send(message)

        return send_once_checked

    async def on_ws_connect(self, context: HubContext):
        """A WebSocket names its caller in connection_init's payload ({"authorization": "Bearer <token>"}:
        browsers cannot set headers on a WebSocket) or in the handshake's Authorization header; a bad
        credential closes the connection (4403) instead of running anonymously."""
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        credential = params.get("authorization") or params.get("Authorization") or \
            context.request.headers.get("authorization")
        try:
            context.viewer = await self.identifier.viewer(credential if isinstance(credential, str) else None)
        except (Unauthenticated, GraphUnavailable) as error:
            raise ConnectionRejectionError({"code": getattr(error, "code", "UNAVAILABLE")}) from error
        return None

    async def render_graphql_ide(self, request: Request):
        """The hub's own GraphiQL page (same-origin assets and CSP) instead of strawberry's CDN-loading one."""
        return graphiql.page()

    def encode_json(self, data) -> bytes | str:
        """orjson: several times faster than json.dumps on a large answer, same compact output. It refuses
        strings that are not valid UTF-8 (a lone surrogate echoed in an error message), which json escapes."""
        try:
            return orjson.dumps(data)
        except TypeError:
            return json.dumps(data, separators=(",", ":"))

    def create_response(self, response_data, sub_response):
        response = super().create_response(response_data, sub_response)
        if could_not_run(response_data):
            response.status_code = 503
            response.headers["Retry-After"] = RETRY_AFTER
        return response

    def decode_json(self, data):
        """strawberry turns only JSONDecodeError into a 400: bytes that are not UTF-8 (UnicodeDecodeError) and
        very deep nesting (RecursionError) would be 500s, and a body that is not an object an AttributeError."""
        try:
            body = json.loads(data)
        except (UnicodeDecodeError, RecursionError) as error:  # answered 400 like any JSONDecodeError
            raise json.JSONDecodeError(f"not JSON: {type(error).__name__}", "", 0) from error
        if not isinstance(body, (dict, list)):  # lists are batches, which strawberry refuses itself
            raise json.JSONDecodeError("not a JSON object", "", 0)
        return body

    async def get_context(self, request, response) -> HubContext:
        viewer = getattr(request.state, "viewer", None) or Viewer.anonymous()
        return HubContext(viewer=viewer, reader=self.hub.reader, registry=self.hub.registry,
                          request=request, response=response, settings=self.settings, rate_limiter=self.rate_limiter,
                          changes=self.hub.changes)


def create_app(settings: Settings | None = None, *, hub: Hub | None = None, on_started=None) -> Starlette:
    """With no `hub`, the app starts one (and its graph server) on start-up and stops it on shutdown.

    on_started: an async callable given the started hub, e.g. to load the demo data.
    """
    settings = settings or Settings()
    owned = hub is None
    hub = hub or Hub(settings)
    graphql = HubGraphQL(hub, settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if owned:
            await hub.start()
        if on_started is not None:
            await on_started(hub)
        heap.settle()  # started: what is alive now lives as long as the process (hub.heap)
        # the last run's most used reads planned ahead while requests are already served (hub.graph.warm_up)
        warming = asyncio.create_task(hub.warm_up(settings.data_dir, settings.warm_statements), name="warm-up")
        try:
            yield
        finally:
            warming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await warming
            warm_up.save(settings.data_dir, settings.warm_statements)  # this run's, for the next start
            if owned:
                await hub.stop()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        ready = hub.graph is not None and await hub.ready()
        return JSONResponse({"status": "ready" if ready else "unavailable", "migrated": hub.migrated},
                            status_code=200 if ready else 503)

    middleware = [Middleware(SecurityHeaders, content_security_policy=settings.content_security_policy,
                             hsts=settings.hsts),
                  Middleware(RequestObserver)]
    if settings.cors_origins:  # none listed: no CORS layer at all, so browsers refuse cross-origin calls
        middleware.append(Middleware(OriginAllowList, origins=settings.cors_origins, max_age=settings.cors_max_age))
    middleware.append(Middleware(BodySizeLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes))
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        *export_routes.routes(hub, settings),
        *export_graph_routes.routes(hub, settings),
    ]
    if settings.graphiql:
        routes.append(graphiql.mount())
    if settings.explorer:
        routes += [Route("/", explorer.page), explorer.mount()]
    if settings.metrics:
        routes.append(Route("/metrics", metrics_endpoint(settings.metrics_token)))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=middleware,
    )
    app.state.hub = hub
    return app
