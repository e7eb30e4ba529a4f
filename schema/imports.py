"""Importing published data files (admins only): IATI activity XML, uploaded as a GraphQL multipart request."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers import imports
from schema.enums import Visibility
from schema.mutations import UserError


@strawberry.type(description="How many records of one type an import touched.")
class RecordCount:
    type: str = strawberry.field(description="Actor, Initiative, Location, or a relationship type such as FUNDS.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="What an import did (or, dry, would do), and every element it left out and why.")
class ImportReport:
    file: str = strawberry.field(description="The uploaded file's name.")
    sha256: str = strawberry.field(description="The file's SHA-256, kept on every record it created or updated.")
    dry_run: bool = strawberry.field(description="True: nothing was written; the counts say what would be.")
    activities: int = strawberry.field(description="Activities in the file.")
    created: list[RecordCount] = strawberry.field(description="New records per type.")
    updated: list[RecordCount] = strawberry.field(description="Records changed per type (a newer version of the file).")
    unchanged: list[RecordCount] = strawberry.field(description="Records found again as they were, per type.")
    linked: list[RecordCount] = strawberry.field(description="New relationships per type.")
    rejected: list[str] = strawberry.field(description="Elements not imported: position, identifier, reason.")
    notes: list[str] = strawberry.field(description="What was left out of imported records, and why.")


def _counts(counter: Counter) -> list[RecordCount]:
    return [RecordCount(type=k, count=v) for k, v in sorted(counter.items()) if v]


@strawberry.input(description="An IATI activity file to import.")
class ImportIatiInput:
    file: Upload = strawberry.field(description="The XML file, sent as a multipart request part.")
    dry_run: bool = strawberry.field(default=False, description="Report what would change; write nothing.")
    visibility: Visibility = strawberry.field(default=Visibility.PUBLIC, description="Visibility of the new records.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="The actor owning the new initiatives (default: each one's lead implementer).")


@strawberry.type(description="The import's report, or why the file was refused as a whole.")
class ImportIatiPayload:
    report: ImportReport | None = strawberry.field(description="Null when the file was refused as a whole.")
    user_errors: list[UserError] = strawberry.field(description="On `file`: why it was refused; nothing was written.")


@strawberry.type
class ImportMutation:
    @strawberry.mutation(description="Import an IATI activity file (admins only): in transactions of 250 activities, "
                                     "idempotent (a stopped import resumes when the file is sent again); a file "
                                     "that is not IATI XML, or declares a DTD, is refused whole.")
    async def import_iati(self, info: Info, input: Annotated[ImportIatiInput, strawberry.argument(  # noqa: A002
            description="The uploaded IATI file (GraphQL multipart request) and how to import it.")],
                          ) -> ImportIatiPayload:
        report, refused = await imports.import_iati(info.context, input.file, dry_run=input.dry_run,
                                                    visibility=input.visibility.value, owner_id=input.owner_id)
        if refused:
            return ImportIatiPayload(report=None, user_errors=[UserError(field="file", message=refused, code="INVALID")])
        return ImportIatiPayload(report=ImportReport(
            file=report.file, sha256=report.sha256, dry_run=report.dry_run, activities=report.activities,
            created=_counts(report.created), updated=_counts(report.updated), unchanged=_counts(report.unchanged),
            linked=_counts(report.linked), rejected=report.rejected, notes=report.notes), user_errors=[])
