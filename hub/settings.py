"""Hub configuration, read from HUB_* environment variables (and a .env file if present)."""

from pathlib import Path

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

    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool = True
    log_level: str = "info"

    @property
    def embedded(self) -> bool:
        return not self.neo4j_uri
