"""Hub configuration, read from HUB_* environment variables (and a .env file if present)."""

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator can set. With no Neo4j URI the hub runs its own embedded graph server."""

    model_config = SettingsConfigDict(env_prefix="HUB_", env_file=".env", extra="ignore")

    neo4j_uri: str | None = Field(None, description="bolt:// or neo4j:// URI of an external Neo4j 5 server")
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = Field("hub", description="database name; 'neo4j' is the default on Neo4j Community")

    data_dir: Path = Field(Path.home() / ".local" / "share" / "coordination-hub",
                           description="where the embedded graph server keeps its data and credentials")
    embedded_heap: str = Field("1g", description="Java heap of the embedded graph server")
    embedded_start_timeout: float = 90.0
    embedded_wal_flush: Literal["full", "data", "off"] = Field(
        "full", description="how the embedded server flushes its transaction log at each commit: full (fsync), "
                            "data (fdatasync) or off (left to the operating system: an OS crash may lose commits)")

    graph_timeout: float = Field(
        10.0, gt=0, description="seconds one graph call may take (waiting for the server included) before it is "
                                "answered UNAVAILABLE; also the transaction (Neo4j) or statement (embedded) timeout")

    warm_statements: int = Field(
        200, ge=0, description="read statements the server keeps when it stops (the most used; their text and "
                               "parameter types, never values) and plans ahead at its next start; 0: none")

    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool = True
    explorer: bool = True
    log_level: Literal["critical", "error", "warning", "info", "debug"] = "info"
    log_format: Literal["text", "json"] = Field("text", description="json: one JSON object per log line")

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _lower(cls, value):
        return value.lower() if isinstance(value, str) else value

    anonymous_read: bool = Field(True, description="let callers without a token read public records")
    jwt_issuer: str | None = Field(None, description="OIDC issuer whose bearer tokens are accepted")
    jwt_audience: str | None = Field(None, description="audience those tokens must carry")
    jwt_public_key: str | None = Field(None, description="PEM public key (or a path to one) verifying them")
    jwt_jwks_file: str | None = Field(None, description="a JWKS file with the issuer's keys")
    jwt_jwks_url: str | None = Field(None, description="the issuer's JWKS URL")
    jwt_algorithms: list[str] = ["RS256", "ES256"]
    jwt_role_claim: str = "hub_role"
    jwt_actors_claim: str = "hub_actors"
    max_body_bytes: int = Field(1024 * 1024, ge=1024, description="largest request body accepted (413 above)")
    max_upload_bytes: int = Field(50 * 1024 * 1024, ge=1024,
                                  description="largest multipart request (a file import by an admin) accepted (413 above)")
    idempotency_retention_hours: float = Field(
        24.0, gt=0, description="how long a clientMutationId is remembered: a retry within it writes nothing new")
    verification_valid_days: int = Field(365, ge=1, description="how long an actor's verification holds")

    # Browsers and operators (README "Running in production")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="origins (scheme://host[:port]) whose pages may call the API; "
                                          "comma-separated; empty: no cross-origin access")
    cors_max_age: int = Field(600, ge=0, description="seconds a browser may cache a preflight answer")

    hsts: bool = Field(False, description="send Strict-Transport-Security: TLS is terminated in front of the hub")
    content_security_policy: str = Field(
        "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'",
        description="Content-Security-Policy of HTML pages that do not set their own; empty: none")

    otel_traces: bool = Field(False, description="export OpenTelemetry traces over OTLP/HTTP (needs the otel extra; "
                                                 "OTEL_EXPORTER_OTLP_ENDPOINT says where)")
    metrics: bool = Field(True, description="serve Prometheus metrics at /metrics")
    metrics_token: str | None = Field(None, description="if set, /metrics answers only 'Authorization: Bearer <it>'")
    metrics_operations: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="operation names that get their own metrics label (comma-separated); "
                                          "names of persisted operations get one too; others are 'other'")

    @field_validator("metrics_operations", mode="before")
    @classmethod
    def _split_names(cls, value):
        names = [part.strip() for part in value.split(",")] if isinstance(value, str) else list(value or ())
        for name in names:
            if name and not re.fullmatch(r"[_A-Za-z][_0-9A-Za-z]{0,99}", name):
                raise ValueError(f"metrics_operations: {name!r} is not a GraphQL operation name")
        return [name for name in names if name]

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value):
        if isinstance(value, str):
            value = [part for part in value.split(",")]
        origins = []
        for origin in value or ():
            origin = str(origin).strip().rstrip("/")
            if not origin:
                continue
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query \
                    or parts.fragment or parts.username:
                raise ValueError(f"cors_origins: {origin!r} is not an origin like https://app.example.org "
                                 f"(scheme, host and optional port; '*' is not accepted)")
            origins.append(origin)
        return origins

    @property
    def embedded(self) -> bool:
        return not self.neo4j_uri

    # API limits (schema/limits, hub/ratelimit.py); README "API limits"
    max_query_depth: int = Field(12, ge=1, description="deepest nesting of selections an operation may have")
    max_aliases: int = Field(30, ge=0, description="most aliased fields a document may have")
    max_tokens: int = Field(5000, ge=1, description="most lexical tokens a document may have")
    max_cost: int = Field(50000, ge=1, description="most estimated cost points one operation may have")
    rate_limit_points: int = Field(200000, ge=1, description="cost points each client may spend per rate_limit_window")
    rate_limit_window: float = Field(60.0, gt=0, description="seconds in which rate_limit_points are refilled")
    introspection: bool = Field(True, description="answer __schema and __type queries")
    persisted_operations_file: Path | None = Field(
        None, description="JSON object {sha256 hex of the query text: query text} of the persisted operations")
    require_persisted_for_anonymous: bool = Field(
        False, description="callers without a token may run only the persisted operations")
