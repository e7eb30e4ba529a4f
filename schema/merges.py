"""The review queue of organisation merges (admins only): imports queue the matches they are unsure of; an
admin confirms (merges), rejects, or undoes a merge."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from hub.ids import to_global_id
from resolvers import merges
from resolvers.reads import decode_cursor, page_size
from schema.connections import Connection, page_connection
from schema.mutations import UserError
from schema.types import Actor, to_type


@strawberry.enum(description="Where a merge candidate stands.")
class MergeCandidateStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="Waiting for an admin.")
    CONFIRMED = strawberry.enum_value("CONFIRMED", description="Merged: the second actor was merged into the first.")
    REJECTED = strawberry.enum_value("REJECTED", description="Two different organisations; never asked again.")
    UNDONE = strawberry.enum_value("UNDONE", description="Merged, then the merge was undone.")
    OBSOLETE = strawberry.enum_value("OBSOLETE", description="One of its actors was merged into another actor; "
                                     "reopened if that merge is undone.")


@strawberry.enum(description="Whether a merge still holds.")
class MergeStatus(Enum):
    DONE = strawberry.enum_value("DONE", description="The merged actor is gone; its relationships are the survivor's.")
    UNDONE = strawberry.enum_value("UNDONE", description="Undone: the merged actor and its relationships are back.")


@strawberry.type(description="A merge of one actor into another, kept so that it can be undone.")
class ActorMerge:
    id: strawberry.ID = strawberry.field(description="The merge's id, for undoMerge.")
    status: MergeStatus = strawberry.field(description="DONE, or UNDONE.")
    version: int = strawberry.field(description="Its version; undoMerge takes it.")
    merged_actor_id: strawberry.ID = strawberry.field(
        description="Global ID the merged actor had (and has again once the merge is undone).")
    merged_name: str | None = strawberry.field(description="The merged actor's name.")
    relationships_moved: int = strawberry.field(
        description="Relationships that moved to the survivor (those it had already are not counted).")
    at: str = strawberry.field(description="When it was merged: ISO 8601 date and time in UTC.")
    by: str = strawberry.field(description="Who merged (token or user name).")
    survivor_key: strawberry.Private[str]

    @strawberry.field(description="The actor that was kept.")
    async def survivor(self, info: Info) -> Actor | None:
        return to_type(await info.context.record_loader("Actor").load(self.survivor_key))


def _merge(row: dict) -> ActorMerge:
    return ActorMerge(id=strawberry.ID(row["key"]), status=MergeStatus(row["status"]), version=int(row["version"]),
                      merged_actor_id=strawberry.ID(to_global_id("Actor", row["mergedKey"])),
                      merged_name=row.get("mergedName"), relationships_moved=int(row.get("movedCount") or 0),
                      at=row["at"], by=row["by"], survivor_key=row["survivorKey"])


@strawberry.type(description="Two actors that may be one organisation, with how sure the hub is and why.")
class MergeCandidate:
    id: strawberry.ID = strawberry.field(description="The candidate's id, for confirmMerge and rejectMerge.")
    status: MergeCandidateStatus = strawberry.field(description="Pending, confirmed, rejected, undone or obsolete.")
    version: int = strawberry.field(description="Its version; confirmMerge and rejectMerge take it.")
    score: float = strawberry.field(
        description="0 to 1: how likely they are one organisation. From 0.9 an import resolves on its own; "
                    "from 0.6 it asks here.")
    reasons: list[str] = strawberry.field(description="Why, in sentences: identifiers, names, acronyms, typos.")
    spelling: str = strawberry.field(description="The name as the file gave it.")
    source: str = strawberry.field(description="Where it was found: the file and its hash.")
    created_at: str = strawberry.field(description="When it was queued: ISO 8601 date and time in UTC.")
    decided_by: str | None = strawberry.field(description="Who confirmed or rejected it; null while pending.")
    decided_at: str | None = strawberry.field(description="When; null while pending.")
    survivor_key: strawberry.Private[str]
    merged_key: strawberry.Private[str]
    merge_key: strawberry.Private[str | None]

    @strawberry.field(description="The actor the hub had: it is kept, with the other's names as aliases. Null "
                                  "once it no longer exists.")
    async def survivor(self, info: Info) -> Actor | None:
        return to_type(await info.context.record_loader("Actor").load(self.survivor_key))

    @strawberry.field(description="The actor the import created: merged into the survivor on confirmation. Null "
                                  "once merged.")
    async def merged(self, info: Info) -> Actor | None:
        return to_type(await info.context.record_loader("Actor").load(self.merged_key))

    @strawberry.field(description="The merge made by confirming it; null unless confirmed (or undone).")
    async def merge(self, info: Info) -> ActorMerge | None:
        row = await merges.load_merge(info.context, self.merge_key) if self.merge_key else None
        return _merge(row) if row else None


def _candidate(row: dict) -> MergeCandidate:
    return MergeCandidate(
        id=strawberry.ID(row["key"]), status=MergeCandidateStatus(row["status"]), version=int(row["version"]),
        score=float(row["score"]), reasons=list(row.get("reasons") or []), spelling=row.get("spelling") or "",
        source=row.get("source") or "", created_at=row["createdAt"], decided_by=row.get("decidedBy"),
        decided_at=row.get("decidedAt"), survivor_key=row["survivorKey"], merged_key=row["mergedKey"],
        merge_key=row.get("mergeKey"))


@strawberry.input(description="A decision on a merge candidate.")
class DecideMergeInput:
    candidate_id: strawberry.ID = strawberry.field(description="The candidate's id, as listed by mergeCandidates.")
    version: int = strawberry.field(description="The candidate's version as last read; a changed one is a CONFLICT.")


@strawberry.input(description="A merge to undo.")
class UndoMergeInput:
    merge_id: strawberry.ID = strawberry.field(description="The merge's id (MergeCandidate.merge.id).")
    version: int = strawberry.field(description="The merge's version as last read; a changed one is a CONFLICT.")


@strawberry.type(description="The candidate and merge after the decision, or why nothing changed.")
class MergePayload:
    candidate: MergeCandidate | None = strawberry.field(description="The candidate as it now is; null on error.")
    merge: ActorMerge | None = strawberry.field(description="The merge made or undone; null otherwise.")
    user_errors: list[UserError] = strawberry.field(
        description="NOT_FOUND, CONFLICT (decided or changed meanwhile, an actor gone), DUPLICATE or UNSUPPORTED; "
                    "nothing was changed.")


def _payload(outcome) -> MergePayload:
    return MergePayload(candidate=_candidate(outcome.candidate) if outcome.candidate else None,
                        merge=_merge(outcome.merge) if outcome.merge else None,
                        user_errors=[UserError(field=e.field, message=e.message, code=e.code) for e in outcome.user_errors])


@strawberry.type
class MergeQuery:
    @strawberry.field(description="Organisations that may be one (admins only), most likely first.")
    async def merge_candidates(
            self, info: Info,
            status: Annotated[MergeCandidateStatus | None, strawberry.argument(
                description="Only these; PENDING by default, null for all.")] = MergeCandidateStatus.PENDING,
            first: Annotated[int | None, strawberry.argument(description="Page size: default 20, at most 100.")] = None,
            after: Annotated[str | None, strawberry.argument(
                description="Continue after this cursor (a previous page's pageInfo.endCursor).")] = None,
    ) -> Connection[MergeCandidate]:
        offset = decode_cursor(after)
        rows, total = await merges.candidates(info.context, status.value if status else None, offset, page_size(first))
        return page_connection(rows, total, offset, _candidate)


@strawberry.type
class MergeMutation:
    @strawberry.mutation(description="Merge a candidate's second actor into the first (admins only): every "
                                     "relationship moves, names become aliases; undoMerge reverses it.")
    async def confirm_merge(self, info: Info, input: Annotated[DecideMergeInput, strawberry.argument(  # noqa: A002
            description="The candidate and its version.")]) -> MergePayload:
        return _payload(await merges.confirm(info.context, input.candidate_id, input.version))

    @strawberry.mutation(description="Mark a candidate as two different organisations (admins only).")
    async def reject_merge(self, info: Info, input: Annotated[DecideMergeInput, strawberry.argument(  # noqa: A002
            description="The candidate and its version.")]) -> MergePayload:
        return _payload(await merges.reject(info.context, input.candidate_id, input.version))

    @strawberry.mutation(description="Undo a merge (admins only): the merged actor, its properties and its "
                                     "relationships come back exactly; the survivor loses what it gained.")
    async def undo_merge(self, info: Info, input: Annotated[UndoMergeInput, strawberry.argument(  # noqa: A002
            description="The merge and its version.")]) -> MergePayload:
        return _payload(await merges.undo(info.context, input.merge_id, input.version))
