"""Finds the places in a Cypher statement where a record that carries visibility is matched without the
access predicate of hub/graph/access.py.

A statement passes when every node pattern that can match an Actor, Initiative, Mandate, Need or Contact
(by its label, or by the relationship types around an unlabelled node) names a variable, and `visible(v)`
for that variable stands in the same scope: the pattern comprehension, the subquery in braces, or the
statement's top level (or a scope around it). Written for the hub's own statements, not for all of Cypher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.graph.access import visible
from hub.model import NODE_TYPES, RELATIONSHIP_TYPES

GUARDED = {label for label, t in NODE_TYPES.items() if t.carries_visibility}

_PLACEHOLDER = "zzalias"
_VISIBLE = re.compile(re.escape(visible(_PLACEHOLDER)).replace(_PLACEHOLDER, r"(\w+)", 1)
                      .replace(_PLACEHOLDER, r"\1"))
_NODE = re.compile(r"(?<![\w$.])\(\s*(\w*)\s*(?::\s*(\w+))?\s*(?:\{[^{}]*\})?\s*\)")
_REL = re.compile(r"<?-\s*\[\s*\w*\s*(?::\s*([\w|]+))?[^\]]*\]\s*->?|<?-->?")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


@dataclass
class Violation:
    alias: str
    label: str
    context: str

    def __str__(self) -> str:
        who = f"({self.alias}:{self.label})" if self.alias else f"(:{self.label})"
        return f"{who} without visible({self.alias or '?'}) near: {self.context}"


def _mark_predicates(statement: str) -> str:
    """Each rendered access predicate becomes one token, so its own inner pattern is not scanned."""
    return _VISIBLE.sub(lambda m: f" VISIBLE__{m.group(1)} ", statement)


def _blank_strings(text: str) -> str:
    return _STRING.sub(lambda m: "'" + " " * (len(m.group(0)) - 2) + "'", text)


def _scopes(text: str) -> list[tuple[int, int, int]]:
    """(start, end, parent index) of the top level and of every [...] and {...}."""
    scopes = [(0, len(text), -1)]
    stack = [0]
    opened: list[int] = []
    for pos, char in enumerate(text):
        if char in "[{":
            scopes.append((pos, -1, stack[-1]))
            stack.append(len(scopes) - 1)
            opened.append(pos)
        elif char in "]}" and len(stack) > 1:
            index = stack.pop()
            start, _, parent = scopes[index]
            scopes[index] = (start, pos + 1, parent)
    return scopes


def _innermost(scopes, pos: int) -> int:
    best = 0
    for index, (start, end, _) in enumerate(scopes):
        if start <= pos < end and start >= scopes[best][0]:
            best = index
    return best


def _own_text(text: str, scopes, index: int) -> str:
    """A scope's text without the scopes nested in it."""
    start, end, _ = scopes[index]
    chars = list(text[start:end])
    for child, (s, e, parent) in enumerate(scopes):
        if parent == index:
            for p in range(s, e):
                chars[p - start] = " "
    return "".join(chars)


def _possible_labels(text: str, node: re.Match) -> set[str]:
    """The labels an unlabelled node can have, from the relationship types next to it."""
    labels: set[str] = set()
    after = _REL.match(text, node.end()) if text[node.end():node.end() + 1] in "-<" else None
    before = None
    for rel in _REL.finditer(text, max(0, node.start() - 200), node.start()):
        if rel.end() == node.start():
            before = rel
    if after is None and before is None:
        return set()
    for rel in (after, before):
        if rel is None:
            continue
        arrow = rel.group(0)
        types = (rel.group(1) or "").split("|") if rel.group(1) else list(RELATIONSHIP_TYPES)
        for type_name in types:
            spec = RELATIONSHIP_TYPES.get(type_name)
            if spec is None:
                continue
            for source, target in spec.ends:
                if arrow.startswith("<"):  # (node)<-[..]-  or  <-[..]-(node)
                    labels.add(target if rel is after else source)
                elif arrow.endswith(">"):  # (node)-[..]->  or  -[..]->(node)
                    labels.add(source if rel is after else target)
                else:
                    labels.update((source, target))
    return labels


def violations(statement: str) -> list[Violation]:
    text = _blank_strings(_mark_predicates(statement))
    scopes = _scopes(text)
    found: list[Violation] = []
    for node in _NODE.finditer(text):
        alias, label = node.group(1), node.group(2)
        if alias in {"NOT", "OR", "AND"}:
            continue
        if label:
            labels = {label}
        else:
            if alias and re.search(rf"(?<![\w$.]){alias}\b", text[:node.start()]):
                continue  # bound earlier: checked where it was bound
            labels = _possible_labels(text, node)
        guarded = labels & GUARDED
        if not guarded:
            continue
        context = " ".join(text[max(0, node.start() - 60):node.end() + 60].split())
        if not alias:
            found.append(Violation("", sorted(guarded)[0], context))
            continue
        index = _innermost(scopes, node.start())
        while index >= 0:
            if f"VISIBLE__{alias} " in _own_text(text, scopes, index):
                break
            index = scopes[index][2]
        else:
            found.append(Violation(alias, sorted(guarded)[0], context))
    return found
