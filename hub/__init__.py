"""Coordination hub: who works where on what, as a graph served over GraphQL."""
