"""The coordination questions: who works where, duplication, partners, gaps, mandates, connections.

Every score comes with its reasons: each factor's score, its weight and the figures behind it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from hub.graph.analysis.paths import MAX_LENGTH
from hub.ids import to_global_id
from hub.services.analysis import weights
from hub.services.records import Record
from resolvers import analysis
from resolvers.analysis import MAX_RESULTS
from schema.enums import ActorKind, LocationLevel, RelationshipType, Severity, TargetGroup
from schema.inputs import AsOf, DateRange
from schema.selection import fields_of
from schema.types import (TYPES_BY_LABEL, Actor, Contact, Initiative, Location, Mandate, Need, Node, Theme,
                          selected_props, to_type)

PERIOD_DOC = "Active at some time in this period; by default, today."


async def _load(info: Info, label: str, key: str):
    """Reads only the properties the selection under this field needs."""
    return await info.context.record_loader(label, selected_props(info, TYPES_BY_LABEL[label])).load(key)


async def _many(info: Info, label: str, keys) -> list:
    records = await asyncio.gather(*(_load(info, label, k) for k in keys))
    return [to_type(r) for r in records if r is not None]


@strawberry.enum(description="How an actor takes part in work in a place.")
class WorkRole(Enum):
    LEAD = strawberry.enum_value("LEAD", description="Leads an initiative there (IMPLEMENTS with role LEAD).")
    PARTNER = strawberry.enum_value("PARTNER", description="Takes part in an initiative there (IMPLEMENTS with role "
                                    "PARTNER).")
    FUNDER = strawberry.enum_value("FUNDER", description="Funds an initiative there (FUNDS).")
    PRESENT = strawberry.enum_value("PRESENT", description="Declares presence there (OPERATES_IN) without registered "
                                    "work there.")


@strawberry.type(description="One factor of a score: how it was scored, how much it weighs, and why.")
class ScoreReason:
    factor: str = strawberry.field(
        description="The factor's name. Duplicates: place, theme, text, period, target_groups, funders. Partners: "
                    "geography, themes, target_groups, complementarity, networks, friend_of_friend, contact, "
                    "current_partner.")
    score: float | None = strawberry.field(description="The factor's own score in [0, 1]; null when it could not be compared.")
    weight: float = strawberry.field(description="How much the factor counts: for duplicates, its share of the "
                                     "confidence (0 when it could not be compared); for partners, its weight in the "
                                     "score. The figures are in hub/services/analysis/weights.py.")
    detail: str = strawberry.field(description="What matched, where and which words, as a sentence.")


def _reasons(factors) -> list[ScoreReason]:
    return [ScoreReason(factor=f.name, score=f.score, weight=round(f.weight, 4), detail=f.detail) for f in factors]


# -- who works where -----------------------------------------------------------------------------------------

def _places_of(records: dict, keys: list[str]) -> list[Location]:
    return [records[("Location", k)] for k in keys if ("Location", k) in records]


# The records of an answer are read with the work (see _answer_needs) and handed over as plain attributes, not
# resolvers: some 1,000 of them for a province, each a resolver call less (schema/execution.py).

@strawberry.type(description="An initiative an actor leads, partners in or funds in the place.")
class ActorWork:
    role: WorkRole = strawberry.field(
        description="LEAD or PARTNER when it implements the initiative, FUNDER when it funds it.")
    initiative: Initiative | None = strawberry.field(description="The initiative; null if the caller may no longer see it.")
    locations: list[Location] = strawberry.field(description="Where, within the place asked about.")


@strawberry.type(description="An actor active in a place: its roles, its work there, and its liaison contacts.")
class ActorActivity:
    roles: list[WorkRole] = strawberry.field(description="Every way it is active or present in the place.")
    work: list[ActorWork] = strawberry.field(
        description="Its initiatives in the place, with its role in each; empty when it is only PRESENT.")
    actor: Actor | None = strawberry.field(description="The actor.")
    locations: list[Location] = strawberry.field(
        description="The places, within the place asked about, where it is active or present.")
    contact_rows: strawberry.Private[list[dict]]

    @strawberry.field(description="Liaison contacts the caller may see.")
    def contacts(self) -> list[Contact]:
        return [Contact.from_record(Record("Contact", row)) for row in self.contact_rows]


@strawberry.type(description="Active initiatives and actors for one theme in one place.")
class PresenceCell:
    initiative_count: int = strawberry.field(
        description="Initiatives on the theme in the place or below it (cancelled ones and ones outside the period not "
                    "counted).")
    actor_count: int = strawberry.field(description="Distinct actors implementing or funding those initiatives.")
    theme_key: strawberry.Private[str]

    @strawberry.field(description="The theme of this column (with rollUpThemes, a top theme of the taxonomy).")
    async def theme(self, info: Info) -> Theme | None:
        return to_type(await _load(info, "Theme", self.theme_key))


@strawberry.type(description="A row of the presence matrix: one place, its totals over all themes, and a cell per theme.")
class PresenceRow:
    initiative_count: int = strawberry.field(
        description="Initiatives in the place or below it, over all themes, each counted once.")
    actor_count: int = strawberry.field(description="Distinct actors implementing or funding them, each counted once.")
    cells: list[PresenceCell] = strawberry.field(
        description="One cell per theme with at least one initiative there; themes without any are left out.")
    location_key: strawberry.Private[str]

    @strawberry.field(
        description="The place of this row: a child of the place asked about, or one of its places at the level asked.")
    async def location(self, info: Info) -> Location | None:
        return to_type(await _load(info, "Location", self.location_key))


# -- duplication ---------------------------------------------------------------------------------------------

@strawberry.type(description="An initiative that may duplicate the one asked about, with the score's reasons.")
class DuplicateCandidate:
    score: float = strawberry.field(description="In [0, 1]: how likely the two do the same work for the same people in "
                                    "the same places at the same time. Substance (themes, wording) times place, period "
                                    "and target-group agreement. From 0.4 (the report threshold) a pair is reported when registering and in clusters.")
    confidence: float = strawberry.field(description="In [0, 1]: how much of the evidence was there to compare. Low when "
                                         "places, themes, dates or target groups are missing on either side.")
    reasons: list[ScoreReason] = strawberry.field(description="Every factor, including those that could not be "
                                                  "compared (score null), each with a sentence.")
    initiative_key: strawberry.Private[str]

    @strawberry.field(description="The initiative that may be a duplicate.")
    async def initiative(self, info: Info) -> Initiative | None:
        return to_type(await _load(info, "Initiative", self.initiative_key))


@strawberry.type(description="Two initiatives of a cluster and how alike they are.")
class DuplicatePair:
    score: float = strawberry.field(
        description="In [0, 1]: how likely the two do the same work (see DuplicateCandidate.score).")
    confidence: float = strawberry.field(description="How much of the evidence was there to compare, in [0, 1].")
    reasons: list[ScoreReason] = strawberry.field(description="Every factor of the score, each with a sentence.")
    keys: strawberry.Private[tuple[str, str]]

    @strawberry.field(description="The two initiatives.")
    async def initiatives(self, info: Info) -> list[Initiative]:
        return await _many(info, "Initiative", self.keys)


@strawberry.type(description="Initiatives that are each likely duplicates of every other in the cluster.")
class DuplicateCluster:
    score: float = strawberry.field(description="The strongest pair's score.")
    pairs: list[DuplicatePair] = strawberry.field(
        description="The pairs of the cluster, each scoring at least minScore.")
    keys: strawberry.Private[list[str]]

    @strawberry.field(description="Every initiative of the cluster.")
    async def initiatives(self, info: Info) -> list[Initiative]:
        return await _many(info, "Initiative", self.keys)


@strawberry.input(description="An initiative not yet registered, to check for duplicates before saving it.")
class DraftInitiativeInput:
    title: str = strawberry.field(description="Its title, 1 to 300 characters; its words count in the text comparison.")
    description: str | None = strawberry.field(
        default=None,
        description="What it will do, at most 10,000 characters; its words count in the text comparison (and "
                    "suggest themes when none are given).")
    location_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Location IDs of where it will take place.")
    theme_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Theme IDs of what it addresses.")
    target_groups: list[TargetGroup] | None = strawberry.field(
        default=None, description="The groups it will work with.")
    funder_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Actor IDs of its funders; a shared funder raises the score.")
    start_date: dt.date | None = strawberry.field(
        default=None,
        description="Planned first day, ISO 8601 date (YYYY-MM-DD); left out: taken as today, with half the "
                    "weight.")
    end_date: dt.date | None = strawberry.field(
        default=None, description="Planned last day, ISO 8601 date (YYYY-MM-DD); not before startDate.")


# -- partners ------------------------------------------------------------------------------------------------

@strawberry.input(description="A planned initiative to find partners for.")
class PlanInput:
    location_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Location IDs of where it will take place (give these or themeIds, or both).")
    theme_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Theme IDs of what it will address.")
    target_groups: list[TargetGroup] | None = strawberry.field(
        default=None, description="The groups it will work with; actors working with them score higher.")


@strawberry.type(description="An actor worth talking to, with the reasons.")
class PartnerSuggestion:
    score: float = strawberry.field(description="In [0, 1]: the weighted mean of the factors known for this question.")
    current_partner: bool = strawberry.field(description="Already a partner of the asking actor (listed only with "
                                             "includeCurrentPartners).")
    reasons: list[ScoreReason] = strawberry.field(description="Every factor of the score, each with a sentence.")
    actor_key: strawberry.Private[str]

    @strawberry.field(description="The actor suggested.")
    async def actor(self, info: Info) -> Actor | None:
        return to_type(await _load(info, "Actor", self.actor_key))


# -- gaps and mandates ---------------------------------------------------------------------------------------

@strawberry.type(description="A need with no active initiative addressing it at or below its place.")
class NeedGap:
    severity: Severity = strawberry.field(description="The need's severity; the list is ordered by it.")
    need_key: strawberry.Private[str]
    location_key: strawberry.Private[str]

    @strawberry.field(description="The need.")
    async def need(self, info: Info) -> Need | None:
        return to_type(await _load(info, "Need", self.need_key))

    @strawberry.field(description="Where the need was identified.")
    async def location(self, info: Info) -> Location | None:
        return to_type(await _load(info, "Location", self.location_key))


@strawberry.type(description="A place with needs where no actor is present or active, at it or below it.")
class PlaceGap:
    weight: int = strawberry.field(description="Sum of the needs' severities (LOW 1 ... CRITICAL 4): the ranking.")
    location_key: strawberry.Private[str]
    need_keys: strawberry.Private[list[str]]

    @strawberry.field(description="The place.")
    async def location(self, info: Info) -> Location | None:
        return to_type(await _load(info, "Location", self.location_key))

    @strawberry.field(description="The needs identified at the place or below it.")
    async def needs(self, info: Info) -> list[Need]:
        return await _many(info, "Need", self.need_keys)


@strawberry.type(description="A theme that actors are mandated for around the place, with no active initiative on it there.")
class ThemeGap:
    theme_key: strawberry.Private[str]
    mandate_keys: strawberry.Private[list[str]]

    @strawberry.field(description="The theme.")
    async def theme(self, info: Info) -> Theme | None:
        return to_type(await _load(info, "Theme", self.theme_key))

    @strawberry.field(description="The valid mandates on the theme that cover the place.")
    async def mandates(self, info: Info) -> list[Mandate]:
        return await _many(info, "Mandate", self.mandate_keys)


@strawberry.type(description="What is needed or mandated in a place that nobody is doing, ranked.")
class CoverageGaps:
    unaddressed_needs: list[NeedGap] = strawberry.field(description="Most severe first.")
    places_without_actors: list[PlaceGap] = strawberry.field(description="Heaviest needs first.")
    mandated_themes_without_activity: list[ThemeGap] = strawberry.field(
        description="Themes with a valid mandate covering the place but no initiative on them there.")


@strawberry.type(description="An actor and the mandates under which it may act.")
class MandatedActor:
    actor_key: strawberry.Private[str]
    mandate_keys: strawberry.Private[list[str]]

    active: bool = strawberry.field(
        description="Whether it carries out a live initiative at or below the place, on the theme or a narrower one, "
                    "in the period: false for an actor mandated here but not active.")

    @strawberry.field(description="The actor.")
    async def actor(self, info: Info) -> Actor | None:
        return to_type(await _load(info, "Actor", self.actor_key))

    @strawberry.field(
        description="Its valid mandates covering the place (or a larger area containing it) on the theme.")
    async def mandates(self, info: Info) -> list[Mandate]:
        return await _many(info, "Mandate", self.mandate_keys)


@strawberry.type(description="An initiative of a mandate holder in places none of its mandates covers.")
class OutsideMandate:
    actor_key: strawberry.Private[str]
    initiative_key: strawberry.Private[str]
    location_keys: strawberry.Private[list[str]]

    @strawberry.field(description="The mandate holder.")
    async def actor(self, info: Info) -> Actor | None:
        return to_type(await _load(info, "Actor", self.actor_key))

    @strawberry.field(description="Its initiative.")
    async def initiative(self, info: Info) -> Initiative | None:
        return to_type(await _load(info, "Initiative", self.initiative_key))

    @strawberry.field(description="The initiative's places that none of the actor's valid mandates covers.")
    async def locations(self, info: Info) -> list[Location]:
        return await _many(info, "Location", self.location_keys)


@strawberry.type(description="A mandate under which none of its holders runs an active initiative in its scope.")
class IdleMandate:
    mandate_key: strawberry.Private[str]
    holder_keys: strawberry.Private[list[str]]

    @strawberry.field(description="The mandate.")
    async def mandate(self, info: Info) -> Mandate | None:
        return to_type(await _load(info, "Mandate", self.mandate_key))

    @strawberry.field(description="The actors holding it.")
    async def holders(self, info: Info) -> list[Actor]:
        return await _many(info, "Actor", self.holder_keys)


# -- connections ---------------------------------------------------------------------------------------------

@strawberry.type(description="One relationship of a path, in its stored direction.")
class PathStep:
    type: RelationshipType = strawberry.field(description="The kind of relationship.")
    from_id: strawberry.ID = strawberry.field(
        description="Global ID of the record the relationship starts from, as stored.")
    to_id: strawberry.ID = strawberry.field(description="Global ID of the record it points to, as stored.")


@strawberry.type(description="A chain of relationships between two records.")
class ConnectionPath:
    length: int = strawberry.field(description="Number of relationships along the path, 1 to 6.")
    nodes: list[Node] = strawberry.field(description="The records along the path, from the first to the second.")
    steps: list[PathStep] = strawberry.field(
        description="The relationships along the path, in path order, each in its stored direction.")


# -- the queries -----------------------------------------------------------------------------------------------

Place = Annotated[strawberry.ID, strawberry.argument(description="A Location ID: the place and every place within it.")]
ThemeArg = Annotated[strawberry.ID | None, strawberry.argument(description="A Theme ID: the theme and every narrower theme.")]
Period = Annotated[DateRange | None, strawberry.argument(description=PERIOD_DOC)]
Kinds = Annotated[list[ActorKind] | None, strawberry.argument(description="Only actors of these kinds.")]
Groups = Annotated[list[TargetGroup] | None, strawberry.argument(description="Only initiatives working with any of these groups.")]
MinScore = Annotated[float, strawberry.argument(description="Leave out matches scoring below this, in [0, 1].")]


def _first(default: int):
    return Annotated[int, strawberry.argument(description=f"How many to return, best first: 1 to {MAX_RESULTS}; "
                                                          f"{default} by default.")]


def _id(label: str, description: str):
    return Annotated[strawberry.ID | None, strawberry.argument(description=f"{label} ID: {description}")]


def _under(info: Info, *path: str) -> set[str] | None:
    """The names of the fields selected at this path below the current field; None where it is not selected."""
    selections = [s for field in info.selected_fields for s in field.selections]
    for name in path:
        matched = [field for field in fields_of(selections) if field.name == name]
        if not matched:
            return None
        selections = [s for field in matched for s in field.selections]
    return {field.name for field in fields_of(selections)}


def _answer_needs(info: Info) -> tuple[bool, dict[str, tuple[str, ...] | None]]:
    """Whether a whoWorksWhere selection shows contacts, and the properties of its actors, initiatives and places to
    read with the work (label -> properties; a label left out is not read): read at once in the work's
    transaction rather than through a loader per field, some 2,000 awaited resolvers for a province."""
    actors, initiatives = _under(info, "actor"), _under(info, "work", "initiative")
    records = {}
    if actors is not None:
        records["Actor"] = Actor.stored_props(actors)
    if initiatives is not None:
        records["Initiative"] = Initiative.stored_props(initiatives)
    places = [fields for fields in (_under(info, "locations"), _under(info, "work", "locations")) if fields is not None]
    if places:
        records["Location"] = Location.stored_props(set().union(*places))
    return _under(info, "contacts") is not None, records


def _activity(item, records: dict, places: bool) -> ActorActivity:
    """records: (label, key) -> Actor, Initiative or Location, of the labels the selection shows (_answer_needs);
    places: whether it shows places (else `locations` are left empty: no field reads them)."""
    return ActorActivity(
        roles=[WorkRole(r) for r in item.roles],
        work=[ActorWork(role=WorkRole(w.role), initiative=records.get(("Initiative", w.initiative_key)),
                        locations=_places_of(records, w.place_keys) if places else []) for w in item.work],
        actor=records.get(("Actor", item.actor_key)),
        locations=_places_of(records, item.place_keys) if places else [], contact_rows=item.contacts)


def duplicate_candidate(found) -> DuplicateCandidate:
    return DuplicateCandidate(score=found.comparison.score, confidence=found.comparison.confidence,
                              reasons=_reasons(found.comparison.factors), initiative_key=found.initiative_key)


def _pair(a: str, b: str, comparison) -> DuplicatePair:
    return DuplicatePair(score=comparison.score, confidence=comparison.confidence, reasons=_reasons(comparison.factors),
                         keys=(a, b))


@strawberry.type
class AnalysisQuery:
    @strawberry.field(description="Who works where (3W/4W): actors active in a place or any place within it, with their "
                      "work, roles and liaison contacts. Most active first.")
    async def who_works_where(self, info: Info, location_id: Place, theme_id: ThemeArg = None, period: Period = None,
                              actor_kinds: Kinds = None, target_groups: Groups = None,
                              as_of: AsOf = None) -> list[ActorActivity]:
        contacts, wanted = _answer_needs(info)
        found = await analysis.who_works_where(info.context, location_id=location_id, theme_id=theme_id, period=period,
                                               actor_kinds=actor_kinds, target_groups=target_groups, as_of=as_of,
                                               contacts=contacts, records=wanted)
        # each actor and initiative built once, however many work items show it
        records = {key: to_type(record) for key, record in found.records.items()}
        return [_activity(item, records, "Location" in wanted) for item in found.activities]

    @strawberry.field(description="Per part of a place (its children, or its places at `level`) and per theme: how many "
                      "active initiatives and actors. What a map or heat-table needs.")
    async def presence_matrix(self, info: Info, location_id: Place,
                              level: Annotated[LocationLevel | None, strawberry.argument(
                                  description="Rows are the place's places at this level, at any depth below it; "
                                  "by default its direct children.")] = None,
                              theme_id: ThemeArg = None, period: Period = None, target_groups: Groups = None,
                              roll_up_themes: Annotated[bool, strawberry.argument(
                                  description="Count each theme under the top theme of the taxonomy it belongs to.")] = False,
                              as_of: AsOf = None) -> list[PresenceRow]:
        matrix = await analysis.presence_matrix(info.context, location_id=location_id, level=level, theme_id=theme_id,
                                                period=period, target_groups=target_groups, roll_up_themes=roll_up_themes,
                                                as_of=as_of)
        rows = []
        for key in matrix.place_keys:
            total = matrix.totals[key]
            cells = [PresenceCell(initiative_count=len(c.initiative_keys), actor_count=len(c.actor_keys), theme_key=c.theme_key)
                     for c in matrix.cells if c.place_key == key]
            rows.append(PresenceRow(initiative_count=len(total.initiative_keys), actor_count=len(total.actor_keys),
                                    cells=cells, location_key=key))
        return rows

    @strawberry.field(description="Initiatives that risk duplicating a registered initiative or a draft, best match "
                      "first, each with the reasons for its score.")
    async def duplicate_candidates(self, info: Info,
                                   initiative_id: _id("Initiative", "a registered initiative to check (or give "
                                                      "draft).") = None,
                                   draft: Annotated[DraftInitiativeInput | None, strawberry.argument(
                                       description="An initiative not yet registered, to check before saving it (or "
                                       "give initiativeId).")] = None,
                                   first: _first(10) = 10, min_score: MinScore = 0.0) -> list[DuplicateCandidate]:
        found = await analysis.duplicate_candidates(info.context, initiative_id=initiative_id, draft=draft, first=first,
                                                    min_score=min_score)
        return [duplicate_candidate(f) for f in found]

    @strawberry.field(description="Clusters of likely duplicates among the active initiatives in a place and below it.")
    async def duplicate_clusters(self, info: Info, location_id: Place,
                                 min_score: Annotated[float, strawberry.argument(
                                     description="The lowest score of a pair that joins a cluster, above 0 and at most "
                                     "1; by default the report threshold, 0.4.")] = weights.DUPLICATE_REPORT_THRESHOLD,
                                 ) -> list[DuplicateCluster]:
        found = await analysis.duplicate_clusters(info.context, location_id=location_id, min_score=min_score)
        return [DuplicateCluster(score=c.score, pairs=[_pair(a, b, r) for a, b, r in c.pairs], keys=c.initiative_keys)
                for c in found]

    @strawberry.field(description="Potential partners for an actor, a planned initiative, or an actor's planned "
                      "initiative (both), best first, with reasons. Never the actor itself; current partners only if "
                      "asked.")
    async def partner_suggestions(self, info: Info,
                                  actor_id: _id("Actor", "partners for this actor, judged by where and on what it "
                                                "works; with plan, the actor asking: it and its offices are left out, "
                                                "its partners' partners and fellow network members count, and what "
                                                "each candidate brings is said against its kind.") = None,
                                  plan: Annotated[PlanInput | None, strawberry.argument(
                                      description="Partners for a planned initiative: its places, themes and target "
                                      "groups. With actorId, the actor's plan: what the plan leaves out (its themes, "
                                      "say) is taken from where and on what the actor works.")] = None,
                                  include_current_partners: Annotated[bool, strawberry.argument(
                                      description="Also list the actor's current partners (marked currentPartner); "
                                      "false by default.")] = False,
                                  actor_kinds: Kinds = None, first: _first(10) = 10) -> list[PartnerSuggestion]:
        found = await analysis.partner_suggestions(info.context, actor_id=actor_id, plan=plan,
                                                   include_current_partners=include_current_partners,
                                                   actor_kinds=actor_kinds, first=first)
        return [PartnerSuggestion(score=s.score, current_partner=s.current_partner, reasons=_reasons(s.factors),
                                  actor_key=s.actor_key)
                for s in found]

    @strawberry.field(description="What a place needs, or actors are mandated for, that no active initiative addresses.")
    async def coverage_gaps(self, info: Info, location_id: Place, theme_id: ThemeArg = None,
                            period: Period = None, as_of: AsOf = None) -> CoverageGaps:
        gaps = await analysis.coverage_gaps(info.context, location_id=location_id, theme_id=theme_id, period=period,
                                            as_of=as_of)
        return CoverageGaps(
            unaddressed_needs=[NeedGap(severity=Severity(n.severity), need_key=n.need_key, location_key=n.place_key)
                               for n in gaps.needs],
            places_without_actors=[PlaceGap(weight=p.weight, location_key=p.place_key, need_keys=p.need_keys)
                                   for p in gaps.places],
            mandated_themes_without_activity=[ThemeGap(theme_key=t.theme_key, mandate_keys=t.mandate_keys)
                                              for t in gaps.mandated_themes])

    @strawberry.field(description="Who holds a valid mandate to act in the place (a mandate for a larger area containing "
                      "it counts) on the theme, a broader or a narrower one.")
    async def mandated_actors(self, info: Info, location_id: Place, theme_id: ThemeArg = None,
                              period: Period = None, actor_kinds: Kinds = None,
                              active: Annotated[bool | None, strawberry.argument(
                                  description="true: only those carrying out a live initiative at or below the place, "
                                  "on the theme or a narrower one, in the period; false: only those that are not "
                                  "(\"UN agencies mandated here but not active\"); left out: both.")] = None,
                              as_of: AsOf = None) -> list[MandatedActor]:
        found = await analysis.mandated_actors(info.context, location_id=location_id, theme_id=theme_id, period=period,
                                               actor_kinds=actor_kinds, active=active, as_of=as_of)
        return [MandatedActor(actor_key=m.actor_key, mandate_keys=m.mandate_keys, active=m.active) for m in found]

    @strawberry.field(description="Active initiatives of mandate holders in places none of their valid mandates covers.")
    async def activity_outside_mandates(self, info: Info,
                                        actor_id: _id("Actor", "only this mandate holder; by default all.") = None,
                                        location_id: _id("Location", "only initiatives in this place or below it; by "
                                                         "default anywhere.") = None,
                                        period: Period = None, as_of: AsOf = None) -> list[OutsideMandate]:
        found = await analysis.activity_outside_mandates(info.context, actor_id=actor_id, location_id=location_id,
                                                         period=period, as_of=as_of)
        return [OutsideMandate(actor_key=o.actor_key, initiative_key=o.initiative_key, location_keys=o.place_keys)
                for o in found]

    @strawberry.field(description="Valid mandates under which no holder runs an active initiative in the mandate's "
                      "scope and on its themes.")
    async def idle_mandates(self, info: Info,
                            location_id: _id("Location", "only mandates covering this place or a place within it; by "
                                             "default all.") = None,
                            period: Period = None, as_of: AsOf = None) -> list[IdleMandate]:
        found = await analysis.idle_mandates(info.context, location_id=location_id, period=period, as_of=as_of)
        return [IdleMandate(mandate_key=m.mandate_key, holder_keys=m.holder_keys) for m in found]

    @strawberry.field(description="How two records are connected: the shortest chains of relationships between them "
                      "through records the caller may see.")
    async def connections(self, info: Info,
                          from_id: Annotated[strawberry.ID, strawberry.argument(description="Global ID of one record.")],
                          to_id: Annotated[strawberry.ID, strawberry.argument(
                              description="Global ID of the other record; not the same as fromId.")],
                          max_length: Annotated[int, strawberry.argument(
                              description=f"Longest path, in relationships: 1 to {MAX_LENGTH}; 4 by default.")] = 4,
                          via: Annotated[list[RelationshipType] | None, strawberry.argument(
                              description="Only through these relationship types.")] = None,
                          first: _first(10) = 10, as_of: AsOf = None) -> list[ConnectionPath]:
        paths = await analysis.connections(info.context, from_id=from_id, to_id=to_id, max_length=max_length, via=via,
                                           first=first, as_of=as_of)
        return [ConnectionPath(
            length=len(p.steps),
            nodes=[to_type(r) for r in await asyncio.gather(*(_load(info, label, key) for label, key in p.refs))],
            steps=[PathStep(type=RelationshipType[s.type], from_id=strawberry.ID(to_global_id(*s.from_ref)),
                            to_id=strawberry.ID(to_global_id(*s.to_ref))) for s in p.steps]) for p in paths]
