"""What a valid record is, per node type: required fields, lengths, enumerations, codes, dates, money.

The API and the importers validate through these models, so every route into the graph enforces the
same rules and a bad value is reported against the field that holds it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from hub.model import (
    ActorKind,
    InitiativeStatus,
    LocationLevel,
    Severity,
    TargetGroup,
    Visibility,
)


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError("must be an ISO 3166-1 alpha-2 country code such as KG or TJ")
    return code


def _currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError("must be an ISO 4217 currency code such as USD or KGS")
    return code


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value.strip()


_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _code(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError("may hold only letters, digits, '.', '_' and '-', starting with a letter or digit")
    return value


Name = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_clean_text)]
ShortText = Annotated[str, Field(max_length=300), AfterValidator(_clean_text)]
LongText = Annotated[str, Field(max_length=10_000), AfterValidator(_clean_text)]
Country = Annotated[str, AfterValidator(_country)]
Currency = Annotated[str, AfterValidator(_currency)]
Code = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_code)]
Url = Annotated[HttpUrl, Field(max_length=2000)]


class RecordInput(BaseModel):
    """Shared rules: unknown fields are refused, strings are trimmed, names use the API's camelCase."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True, str_strip_whitespace=True)

    source: ShortText | None = Field(None, description="where this information comes from")
    visibility: Visibility | None = None


class ActorInput(RecordInput):
    name: Name
    acronym: Annotated[ShortText, Field(max_length=40)] | None = None
    aliases: Annotated[list[Name], Field(max_length=50)] = []
    kind: ActorKind
    description: LongText | None = None
    website: Url | None = None
    country: Country | None = None
    sensitive: bool = False


class MandateInput(RecordInput):
    title: Name
    issuer: Name
    source_reference: ShortText | None = None
    description: LongText | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @model_validator(mode="after")
    def _period(self):
        _check_period(self.valid_from, self.valid_to, "validTo", "validFrom")
        return self


class InitiativeInput(RecordInput):
    title: Name
    description: LongText | None = None
    status: InitiativeStatus = InitiativeStatus.ACTIVE
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_amount: Annotated[float, Field(ge=0, le=1e13)] | None = None
    budget_currency: Currency | None = None
    target_groups: Annotated[list[TargetGroup], Field(max_length=len(TargetGroup))] = []
    iati_identifier: Annotated[ShortText, Field(max_length=150)] | None = None
    sensitive: bool = False

    @model_validator(mode="after")
    def _period_and_money(self):
        _check_period(self.start_date, self.end_date, "endDate", "startDate")
        if self.budget_amount is not None and self.budget_currency is None:
            raise _field_error("budgetCurrency", "is required when budgetAmount is given")
        return self


class LocationInput(RecordInput):
    code: Code
    name: Name
    level: LocationLevel
    country: Country
    alternate_names: Annotated[list[Name], Field(max_length=50)] = []
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


class ThemeInput(RecordInput):
    code: Code
    name: Name
    description: LongText | None = None
    dac_codes: Annotated[list[Annotated[str, Field(pattern=r"^\d{3,5}$")]], Field(max_length=20)] = []


class NeedInput(RecordInput):
    title: Name
    description: LongText | None = None
    severity: Severity = Severity.MEDIUM
    reported_on: dt.date | None = None


class ContactInput(RecordInput):
    name: Name
    role: ShortText | None = None
    email: Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    phone: Annotated[str, Field(max_length=40, pattern=r"^\+?[0-9 ()./-]{5,40}$")] | None = None
    languages: Annotated[list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]], Field(max_length=20)] = []


INPUT_MODELS: dict[str, type[RecordInput]] = {
    "Actor": ActorInput,
    "Mandate": MandateInput,
    "Initiative": InitiativeInput,
    "Location": LocationInput,
    "Theme": ThemeInput,
    "Need": NeedInput,
    "Contact": ContactInput,
}


class FieldError(ValueError):
    """A validation failure tied to one field (camelCase, as the client sent it)."""

    def __init__(self, field: str, message: str, code: str = "INVALID"):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


def _field_error(field: str, message: str) -> FieldError:
    return FieldError(field, message)


def _check_period(start, end, end_field: str, start_field: str) -> None:
    if start is not None and end is not None and end < start:
        raise _field_error(end_field, f"must not be before {start_field}")


def field_errors(error: ValidationError) -> list[FieldError]:
    """Turns pydantic's report into one FieldError per field, named as the client named it."""
    found = []
    for item in error.errors():
        context = item.get("ctx", {}).get("error")
        if isinstance(context, FieldError):
            found.append(context)
            continue
        loc = [to_camel(str(part)) if isinstance(part, str) else str(part) for part in item["loc"]]
        field = ".".join(loc) or "input"
        code = {"missing": "REQUIRED", "extra_forbidden": "UNKNOWN_FIELD"}.get(item["type"], "INVALID")
        if item["type"] == "string_too_short" and item.get("ctx", {}).get("min_length") == 1:
            code = "REQUIRED"
        if item["type"] in ("string_too_long", "too_long"):
            code = "TOO_LONG"
        message = item["msg"].removeprefix("Value error, ")
        found.append(FieldError(field, message, code))
    return found


def validate(label: str, values: dict[str, Any]) -> dict[str, Any]:
    """Validated graph properties (camelCase) of a whole record.

    An update validates the stored record merged with its changes, so rules spanning fields (an end
    date before the start date) hold whichever field changes.
    """
    model = INPUT_MODELS[label]
    values = dict(values)
    for name, info in model.model_fields.items():
        for spelling in (name, info.alias):
            if spelling in values and values[spelling] is None and info.default == []:
                values[spelling] = []  # a cleared list is an empty list
    try:
        parsed = model.model_validate(values)
    except ValidationError as error:
        raise ValidationFailed(field_errors(error)) from None
    return parsed.model_dump(by_alias=True, mode="json")


class ValidationFailed(ValueError):
    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors
