"""Domain services: what the API and the CLI call. They validate, decide, and hand Cypher work to hub.graph."""
