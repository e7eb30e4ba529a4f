"""Logging of the hub process: JSON (one object per line) or text, with the request id on every line
logged while a request is served, written by a background thread so no request waits on a slow stderr.

The access line (RequestObserver) carries only fixed fields: never a header, a token, a query text, a
variable or anything a resolver returned.
"""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import queue
import sys

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from hub.observability.request import current_request

_NOT_FIELDS = (*RESERVED_ATTRS, "taskName", "color_message")  # record attributes that are no log field (uvicorn's
# color_message repeats the message with terminal colours)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
_listener: logging.handlers.QueueListener | None = None


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (or "-") to each record, from the request being served in the logging thread."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            current = current_request()
            record.request_id = current.request_id if current is not None else "-"
        return True


def formatter(fmt: str) -> logging.Formatter:
    if fmt == "json":
        return JsonFormatter("{levelname}{name}{message}", style="{", timestamp="time", reserved_attrs=_NOT_FIELDS,
                             rename_fields={"levelname": "level", "name": "logger"})
    return logging.Formatter(TEXT_FORMAT)


def handler(stream, fmt: str) -> logging.Handler:
    """A handler writing to `stream` directly, formatted and with request ids (tests capture with it)."""
    found = logging.StreamHandler(stream)
    found.addFilter(RequestIdFilter())
    found.setFormatter(formatter(fmt))
    return found


def configure_logging(level: str, fmt: str) -> None:
    """The root logger formats in the calling thread (where the request id is known) and hands the line to
    a queue; a listener thread writes it to stderr."""
    global _listener
    stop_logging()
    lines: queue.SimpleQueue = queue.SimpleQueue()
    enqueue = logging.handlers.QueueHandler(lines)
    enqueue.addFilter(RequestIdFilter())
    enqueue.setFormatter(formatter(fmt))
    write = logging.StreamHandler(sys.stderr)
    write.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [enqueue]
    root.setLevel(level.upper())
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    _listener = logging.handlers.QueueListener(lines, write)
    _listener.start()
    atexit.register(stop_logging)


def stop_logging() -> None:
    """Writes out what is queued and stops the writer thread (at exit, or before configuring again)."""
    global _listener
    if _listener is not None:
        _listener.stop()
        _listener = None
