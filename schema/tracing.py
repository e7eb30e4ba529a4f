"""TracedOperation: strawberry's OpenTelemetry extension without what could carry personal data.

Strawberry records the whole query text on the operation's span and every resolver's arguments on its
span; both may hold names, e-mail addresses or search terms. This keeps the spans (operation, parsing,
validation, each resolver with its path) and drops the text and the arguments. Imported only when
tracing is on, so the opentelemetry packages stay optional.
"""

from __future__ import annotations

import re
from collections.abc import Generator

from opentelemetry.trace import SpanKind
from strawberry.extensions import LifecycleStep
from strawberry.extensions.tracing.opentelemetry import OpenTelemetryExtension

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")


def _title(name) -> str:
    """The span's name; an operationName that is no GraphQL name (it could be anything) is left out."""
    return f"GraphQL operation {name}" if isinstance(name, str) and _NAME.fullmatch(name) else "GraphQL operation"


class TracedOperation(OpenTelemetryExtension):
    def __init__(self, *, tracer_provider, execution_context=None):
        super().__init__(execution_context=execution_context, tracer_provider=tracer_provider,
                         arg_filter=lambda args, info: {})

    def on_operation(self) -> Generator[None, None, None]:
        name = self.execution_context.operation_name
        span = self._tracer.start_span(_title(name), kind=SpanKind.INTERNAL)
        span.set_attribute("component", "graphql")
        self._span_holder[LifecycleStep.OPERATION] = span
        yield
        if not name and self.execution_context.operation_name:  # known once the document is parsed
            span.update_name(_title(self.execution_context.operation_name))
        span.end()
