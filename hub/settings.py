"""Hub configuration, read from HUB_* environment variables (and a .env file if present)."""

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool = True
    log_level: str = "info"

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
    idempotency_retention_hours: float = Field(
        24.0, gt=0, description="how long a clientMutationId is remembered: a retry within it writes nothing new")
    verification_valid_days: int = Field(365, ge=1, description="how long an actor's verification holds")

    @property
    def embedded(self) -> bool:
        return not self.neo4j_uri

    # API limits (schema/limits, hub/ratelimit.py); README "API limits"
    max_query_depth: int = Field(12, ge=1, description="deepest nesting of selections an operation may have")
    max_aliases: int = Field(30, ge=0, description="most aliased fields a document may have")
    max_tokens: int = Field(5000, ge=1, description="most lexical tokens a document may have")
    max_cost: int = Field(10000, ge=1, description="most estimated cost points one operation may have")
    rate_limit_points: int = Field(50000, ge=1, description="cost points each client may spend per rate_limit_window")
    rate_limit_window: float = Field(60.0, gt=0, description="seconds in which rate_limit_points are refilled")
    introspection: bool = Field(True, description="answer __schema and __type queries")
    persisted_operations_file: Path | None = Field(
        None, description="JSON object {sha256 hex of the query text: query text} of the persisted operations")
    require_persisted_for_anonymous: bool = Field(
        False, description="callers without a token may run only the persisted operations")
