"""Typed async client of the coordination hub's GraphQL API."""

from .client import HubClient
from .errors import HubError, UserError, UserInputError
from .models import (ActorActivity, ActorRef, Change, Contact, DuplicateCandidate, Implementer, InitiativeRef, Reason,
                     RegisteredInitiative, Relationship, Work)
from .operations import OPERATIONS

__all__ = ["HubClient", "HubError", "UserError", "UserInputError", "ActorActivity", "ActorRef", "Change", "Contact",
           "DuplicateCandidate", "Implementer", "InitiativeRef", "Reason", "RegisteredInitiative", "Relationship",
           "Work", "OPERATIONS"]
