"""Statements of the exports beyond the list reads they share with the API (hub.services.reads)."""

# Each place with every place above it (itself included): a 3W table's country, admin1 and admin2 columns.
# Places are public reference data (no visibility of their own).
PLACE_CHAINS = """
UNWIND $keys AS key
MATCH (l:Location {key: key})-[:PART_OF*0..]->(a:Location)
RETURN key, collect(a {.key, .name, .level, .country}) AS chain
"""
