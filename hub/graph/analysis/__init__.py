"""Cypher of the coordination analyses: presence, duplication, partners, gaps, mandates, connections."""
