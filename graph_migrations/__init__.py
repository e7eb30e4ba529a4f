"""Versioned Cypher migrations (V<version>__<Description>.cypher) and the runner that applies them."""
