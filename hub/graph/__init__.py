"""All Cypher of the hub lives in this package: one module per area, each statement a named constant."""
