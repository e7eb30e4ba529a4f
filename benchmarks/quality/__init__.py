"""The quality benchmark's parts: a fresh hub driven through the public GraphQL API (world), the labelled
duplicate and partner cases (duplicates, partners), the held-out partner check on real IATI data (iati) and
the ranking metrics they share (metrics). benchmarks/quality.py runs them; the cases are data files here."""
