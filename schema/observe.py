"""Observed: tells the request record (hub.observability) what the operation was and how it ended.

Listed first among the schema's extensions so that it finishes last, when CodedErrors has given every
error its code. It also puts the request id in every error's extensions (`requestId`), so a client can
quote it and an operator find the request's log line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from hub.observability.metrics import OTHER
from hub.observability.request import current_request
from schema.limits.extension import settings_for
from schema.limits.persisted import persisted_operations

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")


class Observed(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        record = current_request()
        if record is None:
            return
        execution = self.execution_context
        name = execution.operation_name
        record.operation = name if isinstance(name, str) and _NAME.fullmatch(name) else None
        if record.operation is not None:
            settings = settings_for(execution.context)
            known = record.operation in settings.metrics_operations or \
                record.operation in persisted_operations(settings.persisted_operations_file).names
            record.operation_label = record.operation if known else OTHER
        if execution.graphql_document is not None:
            try:
                record.operation_type = execution.operation_type.value
            except RuntimeError:  # no such operation in the document: the error says so
                pass
        result = execution.result
        errors = getattr(result, "errors", None) or execution.pre_execution_errors or []
        record.code = (errors[0].extensions or {}).get("code", "INTERNAL") if errors else "OK"
        for error in errors:
            if error.extensions is not None:
                error.extensions["requestId"] = record.request_id
