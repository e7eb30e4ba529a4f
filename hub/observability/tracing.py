"""OpenTelemetry traces, off by default: HUB_OTEL_TRACES=true with the `otel` extra installed
(`pip install -e ".[otel]"`). Spans go to an OTLP/HTTP collector named by the standard OTEL_* variables
(OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, ...).

One trace per request: the HTTP request (continuing an incoming W3C `traceparent`), the GraphQL
operation with its parsing, validation and each resolver (strawberry's OpenTelemetryExtension), and each
graph statement with its Cypher text. Never a query text, argument or variable value: statements carry
their parameters separately, and those are not recorded. Off, a span costs one function call.
"""

from __future__ import annotations

import contextlib
import logging

log = logging.getLogger(__name__)

_provider = None  # the TracerProvider spans go to; None: tracing is off
_tracer = None
_OFF = contextlib.nullcontext()


def use_provider(provider) -> None:
    """Sends spans to `provider` (an opentelemetry.sdk TracerProvider); None turns tracing off."""
    global _provider, _tracer
    _provider = provider
    _tracer = provider.get_tracer("hub") if provider is not None else None


def configure_tracing(enabled: bool) -> None:
    """Sets up OTLP/HTTP export for the process when enabled; a missing `otel` extra is an error that says so."""
    if not enabled:
        use_provider(None)
        return
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as error:
        raise RuntimeError("HUB_OTEL_TRACES=true needs the otel extra: pip install 'coordination-hub[otel]'") from error
    provider = TracerProvider(resource=Resource.create({"service.name": "coordination-hub"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))  # exports from its own thread
    use_provider(provider)
    log.info("OpenTelemetry traces are exported over OTLP/HTTP")


def provider():
    return _provider


def span(name: str, attributes: dict | None = None):
    """A span around a block, a child of the current one; a no-op when tracing is off."""
    if _tracer is None:
        return _OFF
    return _tracer.start_as_current_span(name, attributes=attributes)


def request_span(name: str, headers, attributes: dict):
    """The server span of a request, continuing the caller's trace when it sent W3C trace headers."""
    if _tracer is None:
        return _OFF
    from opentelemetry.propagate import extract
    from opentelemetry.trace import SpanKind

    carrier = {key.decode("latin-1"): value.decode("latin-1") for key, value in headers
               if key in (b"traceparent", b"tracestate")}
    return _tracer.start_as_current_span(name, context=extract(carrier) if carrier else None, kind=SpanKind.SERVER,
                                         attributes=attributes)
