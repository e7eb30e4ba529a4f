"""Many rows sent back as one: statements whose answer runs to hundreds of rows return them collected.

The driver spends some 20 microseconds of the hub's CPU on every row it receives (a Bolt message each, read
from the socket in two awaited reads), so a page with its implementers and places (500 rows) cost more in
receiving than in decoding. Collected into one list, the same rows come back as one message, decoded in one
go by the driver's Rust extension. Read them with hub.graph.connection.fetch_collected, which gives the rows
as fetch_all would have.

The embedded engine evaluates a map literal that holds a map projection (`{node: m {.name}}`) as the
projection alone (docs/engine-differences.md, 15), so each row is a list of columns already named in a WITH.
"""


def collected(columns: dict[str, str]) -> str:
    """The end of a statement whose rows are `columns` (name -> expression), in the order they arrive."""
    names = list(columns)
    named = ", ".join(f"{expression} AS {name}" for name, expression in columns.items())
    listed = ", ".join(f"'{name}'" for name in names)
    return f"WITH {named} RETURN [{listed}] AS columns, collect([{', '.join(names)}]) AS rows"
