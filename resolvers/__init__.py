"""GraphQL arguments in, calls of hub services out. No Cypher here."""
