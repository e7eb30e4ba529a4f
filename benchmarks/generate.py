"""Synthetic coordination data at scale, written through the hub's own validated bulk path.

    python benchmarks/generate.py --scale 1 --seed 7            # into HUB_NEO4J_URI, or a fresh embedded server
    python benchmarks/generate.py --scale 0.2 --data-dir /tmp/x # keep the embedded data folder

Everything goes through `hub.services.importer.Batch` (validated like API input) and `write_batch` (the
demo loader's bulk upserts), so records look exactly like imported ones. Keys start with `gen-`;
loading the same scale and seed twice changes nothing (upserts by key).

What is built, at scale 1 (counts scale roughly linearly; the place tree's branching with scale^(1/3)):
- places: 6 countries > ~10 admin1 each > ~8 admin2 each > ~6 settlements each (~3,400), PART_OF upwards,
  and BORDERS between neighbouring units of adjacent countries (country, admin1, admin2, settlement pairs);
- the theme taxonomy of the migrations (not created here, only referred to);
- ~2,000 actors of every ActorKind: international headquarters with country and sub-offices (PART_OF),
  national bodies, local organisations; OPERATES_IN, PARTNERS_WITH, MEMBER_OF networks, FUNDS actors;
- ~500 mandates (HOLDS, COVERS, ADDRESSES), from Security Council resolutions to district decisions;
- ~10,000 initiatives: LOCATED_IN settlements / admin2 / admin1 / a country, ADDRESSES 1-3 themes,
  IMPLEMENTS (one LEAD, 0-3 PARTNERs), FUNDS from donors, PART_OF programmes, dates 2015-2030 with a
  status consistent with them, target groups; about 8% are deliberate near-duplicates of an earlier one
  (same places, same themes, a reworded title, another implementer, an overlapping period);
- ~1,000 needs (AT, ADDRESSES, REPORTED) and ~700 liaison contacts (LIAISON_FOR), some PUBLIC.

Activity is skewed on purpose (a few busy places and actors), as in real data.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.access import Viewer  # noqa: E402
from hub.graph.connection import Graph  # noqa: E402
from hub.model import TargetGroup  # noqa: E402
from hub.services.importer import Batch, write_batch  # noqa: E402

SOURCE = "synthetic benchmark data (benchmarks/generate.py)"
# Statuses are derived from the dates relative to this fixed day, so the data set does not depend on
# the day it is generated.
REFERENCE_DATE = dt.date(2026, 11, 1)

THEMES = [
    "peacebuilding", "mediation", "community-mediation", "dialogue", "interethnic-dialogue", "interfaith-dialogue",
    "early-warning", "community-security", "pcve", "reintegration", "cross-border-cooperation", "natural-resources",
    "security-sector", "policing", "governance", "rule-of-law", "human-rights", "media", "elections",
    "local-governance", "gender", "youth", "humanitarian", "livelihoods",
]
# How often a theme is chosen for an initiative (peacebuilding work dominates, as in the hub's users' world).
THEME_WEIGHTS = {
    "peacebuilding": 3, "mediation": 3, "community-mediation": 4, "dialogue": 3, "interethnic-dialogue": 3,
    "interfaith-dialogue": 2, "early-warning": 3, "community-security": 4, "pcve": 3, "reintegration": 2,
    "cross-border-cooperation": 2, "natural-resources": 3, "security-sector": 1, "policing": 2, "governance": 2,
    "rule-of-law": 2, "human-rights": 2, "media": 2, "elections": 1, "local-governance": 2, "gender": 4,
    "youth": 4, "humanitarian": 2, "livelihoods": 3,
}
# Themes that tend to go together (an initiative's second and third themes are drawn from here half the time).
RELATED = {
    "mediation": ["community-mediation", "dialogue", "natural-resources"],
    "community-mediation": ["mediation", "natural-resources", "gender", "local-governance"],
    "dialogue": ["interethnic-dialogue", "youth", "interfaith-dialogue"],
    "interethnic-dialogue": ["dialogue", "youth", "media"],
    "interfaith-dialogue": ["pcve", "dialogue", "youth"],
    "early-warning": ["community-security", "cross-border-cooperation", "gender"],
    "community-security": ["policing", "early-warning", "gender", "youth"],
    "pcve": ["youth", "interfaith-dialogue", "reintegration", "media"],
    "reintegration": ["pcve", "livelihoods", "humanitarian"],
    "cross-border-cooperation": ["natural-resources", "early-warning", "dialogue"],
    "natural-resources": ["community-mediation", "cross-border-cooperation", "livelihoods"],
    "security-sector": ["policing", "rule-of-law", "human-rights"],
    "policing": ["community-security", "human-rights", "security-sector"],
    "governance": ["local-governance", "human-rights", "elections"],
    "rule-of-law": ["human-rights", "governance", "community-mediation"],
    "human-rights": ["rule-of-law", "gender", "media"],
    "media": ["elections", "pcve", "human-rights"],
    "elections": ["media", "governance", "youth"],
    "local-governance": ["governance", "community-security", "natural-resources"],
    "gender": ["community-security", "mediation", "livelihoods"],
    "youth": ["pcve", "dialogue", "livelihoods"],
    "humanitarian": ["livelihoods", "reintegration", "early-warning"],
    "livelihoods": ["youth", "reintegration", "natural-resources"],
    "peacebuilding": ["dialogue", "mediation", "early-warning"],
}
THEME_PHRASES = {
    "peacebuilding": ["local peace infrastructures", "peacebuilding capacities", "social cohesion"],
    "mediation": ["mediation capacities", "insider mediators", "mediation councils"],
    "community-mediation": ["village mediators", "community mediation networks", "mediation of local disputes",
                            "aksakal and women mediators"],
    "dialogue": ["local dialogue platforms", "community dialogue forums", "citizen dialogue"],
    "interethnic-dialogue": ["inter-ethnic dialogue", "cross-community youth exchanges", "inter-ethnic tolerance"],
    "interfaith-dialogue": ["interfaith dialogue councils", "cooperation between religious leaders",
                            "interfaith understanding"],
    "early-warning": ["early warning and early response networks", "conflict monitoring", "community alert systems"],
    "community-security": ["community security working groups", "local safety councils", "community safety plans"],
    "pcve": ["prevention of violent extremism", "resilience to radicalisation", "alternatives to online recruitment"],
    "reintegration": ["reintegration of returnees", "support to returning families", "rehabilitation and reintegration"],
    "cross-border-cooperation": ["cross-border cooperation", "cross-border community dialogue",
                                 "joint cross-border initiatives"],
    "natural-resources": ["water-sharing committees", "pasture and land dispute resolution",
                          "irrigation water management"],
    "security-sector": ["security sector reform", "police accountability", "democratic oversight of security"],
    "policing": ["community policing", "police-community partnerships", "neighbourhood police posts"],
    "governance": ["participatory governance", "civil society participation", "public accountability"],
    "rule-of-law": ["access to justice", "legal aid centres", "free legal aid"],
    "human-rights": ["human rights monitoring", "human rights education", "protection of human rights defenders"],
    "media": ["conflict-sensitive journalism", "community radio", "media literacy"],
    "elections": ["peaceful elections", "voter education", "election violence prevention"],
    "local-governance": ["local self-government", "participatory budgeting", "local development plans"],
    "gender": ["women's participation in peacebuilding", "women, peace and security", "women's leadership"],
    "youth": ["youth leadership", "youth peace clubs", "youth participation"],
    "humanitarian": ["emergency assistance", "humanitarian protection", "emergency shelter and relief"],
    "livelihoods": ["livelihoods for at-risk youth", "economic recovery", "small business grants"],
}
ACTIONS = ["Strengthening", "Support to", "Establishing", "Training of", "Building capacity for", "Promoting",
           "Scaling up", "Piloting", "Institutionalising", "Expanding"]
SYNONYM_ACTIONS = {  # a reworded title for a near-duplicate
    "Strengthening": "Reinforcing", "Support to": "Supporting", "Establishing": "Setting up",
    "Training of": "Capacity building for", "Building capacity for": "Strengthening capacities for",
    "Promoting": "Fostering", "Scaling up": "Expanding", "Piloting": "Testing", "Institutionalising": "Embedding",
    "Expanding": "Scaling up",
}
TARGET_PHRASES = {
    "WOMEN": "women", "YOUTH": "young people", "ETHNIC_MINORITIES": "ethnic minority communities",
    "DISPLACED": "displaced families", "RETURNEES": "returnees", "RELIGIOUS_LEADERS": "religious leaders",
    "POLICE": "police officers", "LOCAL_AUTHORITIES": "local authorities", "CHILDREN": "children",
    "PERSONS_WITH_DISABILITIES": "persons with disabilities", "COMMUNITY_LEADERS": "community leaders",
    "MEDIA_WORKERS": "journalists",
}
ACTIVITIES = [
    "trainings and coaching", "regular community meetings", "small grants to local groups", "joint action plans",
    "exchange visits", "a network of volunteers", "public hearings", "radio programmes", "sports and culture events",
    "referral mechanisms", "monitoring visits", "peer education", "round tables with authorities",
]
NEED_PHRASES = {
    "natural-resources": ["Tension over irrigation water between villages", "Disputes over pasture boundaries",
                          "Conflict over land allocation"],
    "pcve": ["Young men approached by online recruiters", "Radical preachers active in the community"],
    "youth": ["No youth activities or safe spaces", "Unemployed youth idle and frustrated"],
    "community-security": ["Unlit streets and harassment after dark", "Rising petty crime and no police post"],
    "early-warning": ["Rumours inflaming relations between communities", "Incidents at the border market"],
    "interethnic-dialogue": ["Separate schools deepen divisions between communities", "Mistrust between neighbourhoods"],
    "gender": ["Women excluded from local decision-making", "Domestic violence unreported"],
    "reintegration": ["Returnee families without documents", "Returning migrants without work"],
    "cross-border-cooperation": ["Border closures cut villages off markets", "Cross-border grazing disputes"],
    "rule-of-law": ["No access to legal aid", "Land disputes unresolved by courts"],
    "humanitarian": ["Flood-displaced families without shelter", "Food shortages after drought"],
    "livelihoods": ["Loss of seasonal work", "Farmers without access to credit"],
    "policing": ["Distrust between police and residents", "Police absent from remote villages"],
    "mediation": ["No one to mediate recurring disputes", "Local mediators untrained"],
}
NEED_THEMES = list(NEED_PHRASES)

COUNTRIES = [  # (ISO code, name, syllable set, languages, currency)
    ("KG", "Kyrgyzstan", "ca", ["ky", "ru"], "KGS"),
    ("TJ", "Tajikistan", "ca", ["tg", "ru"], "TJS"),
    ("UZ", "Uzbekistan", "ca", ["uz", "ru"], "UZS"),
    ("ML", "Mali", "sahel", ["fr", "bm"], "XOF"),
    ("BF", "Burkina Faso", "sahel", ["fr", "mos"], "XOF"),
    ("NE", "Niger", "sahel", ["fr", "ha"], "XOF"),
]
ADJACENT = [("KG", "TJ"), ("KG", "UZ"), ("TJ", "UZ"), ("ML", "BF"), ("ML", "NE"), ("BF", "NE")]
SYLLABLES = {
    "ca": ["kara", "ak", "tash", "su", "bu", "lak", "jar", "kul", "sai", "ab", "dara", "kent", "obod", "kyz", "chek",
           "bel", "too", "ar", "van", "nau", "kan", "ish", "bat", "ken", "sor", "uch", "kor", "gon", "mar", "zar"],
    "sahel": ["ba", "ma", "ko", "dou", "sso", "ga", "tim", "bou", "kou", "ni", "dia", "fa", "ra", "se", "gou", "den",
              "ka", "ye", "lo", "ti", "zin", "do", "mo", "ta", "han", "sa", "fo", "ri", "wa", "ba"],
}
FIRST_NAMES = {
    "ca": ["Aibek", "Aigul", "Nurlan", "Zarina", "Bakyt", "Dilnoza", "Farhod", "Gulnara", "Jamshid", "Malika",
           "Rustam", "Saodat", "Timur", "Umida", "Azamat", "Cholpon"],
    "sahel": ["Aminata", "Moussa", "Fatoumata", "Ibrahim", "Awa", "Oumar", "Mariam", "Salif", "Kadiatou", "Issa",
              "Rokia", "Boubacar", "Hawa", "Adama", "Safiatou", "Abdoulaye"],
}
LAST_NAMES = {
    "ca": ["Demoev", "Testova", "Karimov", "Usmonova", "Toktogulov", "Rahimova", "Saidov", "Abdullaeva",
           "Mamytov", "Nazarova"],
    "sahel": ["Demo", "Traore", "Diallo", "Ouedraogo", "Sawadogo", "Coulibaly", "Maiga", "Keita", "Issoufou", "Sanou"],
}
CSO_WORDS = ["Yntymak", "Ynanym", "Tinchlik", "Ittifok", "Umid", "Nur", "Salam", "Benkadi", "Jigiya", "Hakili",
             "Baara", "Kanuya", "Tabaski", "Dimbaya", "Ravshan", "Bereke", "Kelechek", "Zhashtar", "Ayalzat", "Sabr"]
CSO_FORMS = ["Public Foundation", "Association", "Centre", "Initiative", "Public Association", "Foundation"]
COMMUNITY_FORMS = ["Women's Council", "Youth Committee", "Aksakal Court", "Community Security Working Group",
                   "Village Peace Committee", "Water Users' Association", "Mothers' Club", "Youth Peace Club"]
MINISTRIES = ["Interior", "Justice", "Youth and Sport", "Culture", "Education", "Religious Affairs",
              "Emergency Situations", "Labour and Migration", "Agriculture and Water", "Foreign Affairs"]
INTERNATIONAL = {  # kind: [(acronym, full name, country of registration)]
    "UN_AGENCY": [("UNDP", "United Nations Development Programme", None), ("UNICEF", "United Nations Children's Fund", None),
                  ("UN Women", "UN Entity for Gender Equality and the Empowerment of Women", None),
                  ("UNHCR", "Office of the UN High Commissioner for Refugees", None),
                  ("OCHA", "UN Office for the Coordination of Humanitarian Affairs", None),
                  ("UNODC", "UN Office on Drugs and Crime", None), ("UNFPA", "United Nations Population Fund", None),
                  ("IOM", "International Organization for Migration", None),
                  ("FAO", "Food and Agriculture Organization of the UN", None), ("WFP", "World Food Programme", None),
                  ("OHCHR", "Office of the UN High Commissioner for Human Rights", None),
                  ("UNESCO", "UN Educational, Scientific and Cultural Organization", None)],
    "REGIONAL_ORGANISATION": [("OSCE", "Organization for Security and Co-operation in Europe", None),
                              ("EU", "European Union", None), ("ECOWAS", "Economic Community of West African States", None),
                              ("AU", "African Union", None), ("SCO", "Shanghai Cooperation Organisation", None),
                              ("G5", "G5 Sahel Joint Secretariat", None)],
    "INTERNATIONAL_NGO": [("SFCG", "Search for Common Ground", "US"), ("IA", "International Alert", "GB"),
                          ("SW", "Saferworld", "GB"), ("MC", "Mercy Corps", "US"), ("ACTED", "ACTED", "FR"),
                          ("NRC", "Norwegian Refugee Council", "NO"), ("DRC", "Danish Refugee Council", "DK"),
                          ("HD", "Centre for Humanitarian Dialogue", "CH"), ("CR", "Conciliation Resources", "GB"),
                          ("IRC", "International Rescue Committee", "US"), ("CARE", "CARE International", "CH"),
                          ("ACF", "Action contre la Faim", "FR"), ("IFES", "International Foundation for Electoral Systems", "US"),
                          ("IWPR", "Institute for War and Peace Reporting", "GB"),
                          ("PH", "Peace Heroes International", "NL")],
    "DONOR": [("GIZ", "Deutsche Gesellschaft fuer Internationale Zusammenarbeit", "DE"),
              ("SDC", "Swiss Agency for Development and Cooperation", "CH"),
              ("Sida", "Swedish International Development Cooperation Agency", "SE"),
              ("FCDO", "Foreign, Commonwealth and Development Office", "GB"),
              ("USAID", "United States Agency for International Development", "US"),
              ("PBF", "UN Peacebuilding Fund", None), ("FPI", "EU Service for Foreign Policy Instruments", "BE"),
              ("JICA", "Japan International Cooperation Agency", "JP"), ("NMFA", "Norwegian Ministry of Foreign Affairs", "NO"),
              ("OSF", "Open Society Foundations", "US"), ("KOICA", "Korea International Cooperation Agency", "KR"),
              ("AFD", "Agence francaise de developpement", "FR"), ("DANIDA", "Danish International Development Agency", "DK"),
              ("FinMin", "Ministry for Foreign Affairs of Finland", "FI"), ("Aga Khan", "Aga Khan Foundation", "CH")],
}
# Shares of the locally generated actors (headquarters and their offices come on top).
LOCAL_KINDS = {
    "CSO": 0.40, "COMMUNITY_GROUP": 0.16, "LOCAL_AUTHORITY": 0.11, "GOVERNMENT": 0.04, "SECURITY_PROVIDER": 0.04,
    "RELIGIOUS_ORGANISATION": 0.05, "ACADEMIC": 0.04, "MEDIA": 0.05, "PRIVATE_SECTOR": 0.03, "NETWORK": 0.03,
    "DONOR": 0.02, "INTERNATIONAL_NGO": 0.03,
}
LIVE = {"ACTIVE", "PLANNED"}


@dataclass
class Place:
    code: str
    name: str
    level: str
    country: str
    parent: str | None
    lat: float
    lon: float
    children: list[str] = field(default_factory=list)


@dataclass
class ActorRec:
    key: str
    kind: str
    name: str
    country: str | None  # ISO of the country it works in (None: international headquarters)
    home: str | None  # place code of its base (country, admin1 or admin2); None for headquarters
    weight: float  # how busy it is
    values: dict
    operates_in: list[str] = field(default_factory=list)
    parent: str | None = None


@dataclass
class Synthetic:
    """The whole data set as plain records, and the records worth asking about."""

    places: dict[str, Place]
    borders: list[tuple[str, str]]
    actors: dict[str, ActorRec]
    links: list[tuple[str, tuple[str, str], tuple[str, str], dict]]  # (rel, source, target, extra props)
    nodes: list[tuple[str, str, dict]]  # (label, key, values) for mandates, initiatives, needs, contacts
    owners: dict[str, str]  # record key -> the actor it belongs to (whose members may edit it)
    picks: dict[str, str]
    stats: dict[str, int]


class _Builder:
    def __init__(self, scale: float, seed: int):
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale = scale
        self.rnd = random.Random(seed)
        self.places: dict[str, Place] = {}
        self.borders: list[tuple[str, str]] = []
        self.actors: dict[str, ActorRec] = {}
        self.links: list = []
        self.nodes: list = []
        self.owners: dict[str, str] = {}
        self.names: set[str] = set()
        self.by_country: dict[str, list[str]] = defaultdict(list)  # actors working in a country
        self.by_admin1: dict[str, list[str]] = defaultdict(list)  # local actors based in an admin1
        self.place_weight: dict[str, float] = {}
        self.initiatives: dict[str, dict] = {}
        self.implements: dict[str, int] = defaultdict(int)
        self.contacts_public: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------------------------

    def n(self, base: float) -> int:
        return max(1, round(base * self.scale))

    def unique_name(self, make, fallback_suffix: str) -> str:
        for _ in range(20):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        number = 2
        while f"{name} ({fallback_suffix}) {number}" in self.names:
            number += 1
        name = f"{name} ({fallback_suffix}) {number}"
        self.names.add(name)
        return name

    def place_name(self, region: str, used: set[str]) -> str:
        syl = SYLLABLES[region]
        for _ in range(100):
            name = "".join(self.rnd.choice(syl) for _ in range(self.rnd.choice((2, 2, 3)))).capitalize()
            if name not in used and len(name) > 3:
                used.add(name)
                return name
        raise AssertionError("ran out of place names")

    def pick_weighted(self, keys: list[str], weights: list[float]) -> str:
        return self.rnd.choices(keys, weights=weights, k=1)[0]

    def link(self, rel: str, source: tuple[str, str], target: tuple[str, str], **extra) -> None:
        self.links.append((rel, source, target, extra))

    # -- places ----------------------------------------------------------------------------------------------

    def build_places(self) -> None:
        root = self.scale ** (1 / 3)
        n1, n2, n3 = (max(2, round(10 * root)), max(2, round(8 * root)), max(2, round(6 * root)))
        for iso, cname, region, _, _ in COUNTRIES:
            used: set[str] = set()
            clat, clon = (41.0 + self.rnd.uniform(-2, 2), 72.0 + self.rnd.uniform(-4, 4)) if region == "ca" else (
                14.0 + self.rnd.uniform(-3, 3), -2.0 + self.rnd.uniform(-5, 5))
            ccode = f"gen-{iso}"
            self.places[ccode] = Place(ccode, f"{cname} (synthetic)", "COUNTRY", iso, None, clat, clon)
            self.place_weight[ccode] = 1.0
            for a in range(1, self.rnd.randint(n1 - 1, n1 + 1) + 1):
                a1 = f"{ccode}-{a:02d}"
                self.add_place(a1, f"{self.place_name(region, used)} Region", "ADMIN1", iso, ccode, clat, clon, 1.5)
                for b in range(1, self.rnd.randint(n2 - 1, n2 + 1) + 1):
                    a2 = f"{a1}-{b:02d}"
                    self.add_place(a2, f"{self.place_name(region, used)} District", "ADMIN2", iso, a1,
                                   self.places[a1].lat, self.places[a1].lon, 0.6)
                    for c in range(1, self.rnd.randint(n3 - 1, n3 + 1) + 1):
                        self.add_place(f"{a2}-{c:02d}", self.place_name(region, used), "SETTLEMENT", iso, a2,
                                       self.places[a2].lat, self.places[a2].lon, 0.2)
        # Skewed activity: a few admin1 hot spots, and within them a few busy districts and villages.
        for code, place in self.places.items():
            if place.level == "ADMIN1":
                self.place_weight[code] = self.rnd.paretovariate(1.3)
            elif place.level in ("ADMIN2", "SETTLEMENT"):
                self.place_weight[code] = self.rnd.paretovariate(1.6)
        for a, b in ADJACENT:
            self.border_pairs(f"gen-{a}", f"gen-{b}", depth=0)

    def add_place(self, code, name, level, iso, parent, lat, lon, spread) -> None:
        self.places[code] = Place(code, name, level, iso, parent, round(lat + self.rnd.uniform(-spread, spread), 4),
                                  round(lon + self.rnd.uniform(-spread, spread), 4))
        self.places[parent].children.append(code)

    def border_pairs(self, a: str, b: str, depth: int) -> None:
        self.borders.append((a, b))
        if depth == 3:
            return
        ca, cb = self.places[a].children, self.places[b].children
        pairs = min(len(ca), len(cb), self.rnd.randint(1, 3 if depth == 0 else 2))
        for x, y in zip(self.rnd.sample(ca, pairs), self.rnd.sample(cb, pairs)):
            self.border_pairs(x, y, depth + 1)

    def admin1_of(self, code: str) -> str | None:
        while code and self.places[code].level not in ("ADMIN1", "COUNTRY"):
            code = self.places[code].parent
        return code if code and self.places[code].level == "ADMIN1" else None

    def country_code(self, iso: str) -> str:
        return f"gen-{iso}"

    # -- actors ----------------------------------------------------------------------------------------------

    def add_actor(self, kind: str, name: str, *, country: str | None, home: str | None, weight: float,
                  acronym: str | None = None, registered: str | None = "same", aliases=None, description=None,
                  parent: str | None = None) -> ActorRec:
        key = f"gen-actor-{len(self.actors) + 1:05d}"
        values = {"name": name, "kind": kind, "acronym": acronym, "aliases": aliases or [],
                  "description": description, "country": country if registered == "same" else registered,
                  "source": SOURCE}
        if self.rnd.random() < 0.3:
            values["website"] = f"https://{key}.example.org"
        actor = ActorRec(key, kind, name, country, home, weight, values, parent=parent)
        self.actors[key] = actor
        if country:
            self.by_country[country].append(key)
            if home and self.places[home].level in ("ADMIN1", "ADMIN2"):
                self.by_admin1[self.admin1_of(home)].append(key)
        if parent:
            self.link("PART_OF", ("Actor", key), ("Actor", parent))
        return actor

    def build_actors(self) -> None:
        countries = [c[0] for c in COUNTRIES]
        heavy = lambda: min(25.0, self.rnd.paretovariate(1.2))  # noqa: E731 - a few very busy actors
        # International headquarters, their country offices and sub-offices.
        hq_share = self.scale ** 0.5
        for kind, entries in INTERNATIONAL.items():
            for acronym, full, registered in entries[:max(2, round(len(entries) * hq_share))]:
                hq = self.add_actor(kind, self.unique_name(lambda: full, "HQ"), country=None, home=None, weight=0.3,
                                    acronym=acronym, registered=registered,
                                    description=f"{full}: international {kind.replace('_', ' ').lower()}.")
                active = self.rnd.sample(countries, self.rnd.randint(2, 5))
                hq.operates_in = [self.country_code(c) for c in active]
                for iso in active:
                    if kind == "DONOR" and self.rnd.random() < 0.5:
                        continue  # donors often work from headquarters
                    cname = dict((c[0], c[1]) for c in COUNTRIES)[iso]
                    office = self.add_actor(kind, self.unique_name(lambda: f"{acronym} {cname}", iso), country=iso,
                                            home=self.country_code(iso), weight=3 * heavy(), acronym=f"{acronym}-{iso}",
                                            parent=hq.key, description=f"Country office of {full} in {cname}.")
                    admin1s = self.rnd.sample(self.places[self.country_code(iso)].children, 2)
                    office.operates_in = [self.country_code(iso)] + admin1s
                    if kind == "UN_AGENCY" and self.rnd.random() < 0.6:
                        a1 = admin1s[0]
                        sub = self.add_actor(kind, self.unique_name(
                            lambda: f"{acronym} {self.places[a1].name} sub-office", a1), country=iso, home=a1,
                            weight=2 * heavy(), parent=office.key,
                            description=f"Sub-office of {acronym} {cname} in {self.places[a1].name}.")
                        sub.operates_in = [a1] + self.rnd.sample(self.places[a1].children, 2)
        # National and local actors.
        total = self.n(2000) - len(self.actors)
        kinds, shares = zip(*LOCAL_KINDS.items())
        admin2s = [c for c, p in self.places.items() if p.level == "ADMIN2"]
        admin2_weights = [self.place_weight[c] * self.place_weight[self.places[c].parent] for c in admin2s]
        for _ in range(max(total, len(kinds))):
            kind = self.rnd.choices(kinds, weights=shares)[0]
            a2 = self.pick_weighted(admin2s, admin2_weights)
            a1 = self.places[a2].parent
            iso = self.places[a2].country
            region = dict((c[0], c[2]) for c in COUNTRIES)[iso]
            cname = dict((c[0], c[1]) for c in COUNTRIES)[iso]
            settlements = self.places[a2].children
            district, province = self.places[a2].name, self.places[a1].name
            village = self.places[self.rnd.choice(settlements)].name
            word = self.rnd.choice(CSO_WORDS)
            if kind == "CSO":
                form = self.rnd.choice(CSO_FORMS)
                name = self.unique_name(lambda: self.rnd.choice([
                    f"{form} {self.rnd.choice(CSO_WORDS)}-{district.split()[0]}",
                    f"{form} for Peace and Development of {province}",
                    f"{form} {self.rnd.choice(CSO_WORDS)} {village}",
                    f"{self.rnd.choice(CSO_WORDS)} {form} of {district}"]), a2)
                actor = self.add_actor(kind, name, country=iso, home=a2, weight=heavy(),
                                       acronym=("".join(w[0] for w in name.split() if w[0].isupper())[:6]
                                                if self.rnd.random() < 0.4 else None),
                                       description=f"Local civil-society organisation based in {district}, {province}.")
                actor.operates_in = [a2] + self.rnd.sample(settlements, min(len(settlements), self.rnd.randint(0, 3)))
                if region == "ca" and self.rnd.random() < 0.03:
                    actor.values["sensitive"] = True  # closing civic space: places shown coarsely
                if self.rnd.random() < 0.2:
                    actor.operates_in.append(a1)
            elif kind == "COMMUNITY_GROUP":
                s = self.rnd.choice(settlements)
                actor = self.add_actor(kind, self.unique_name(
                    lambda: f"{self.places[s].name} {self.rnd.choice(COMMUNITY_FORMS)}", s), country=iso, home=a2,
                    weight=0.4 * heavy(), description=f"Community group of {self.places[s].name} village.")
                actor.operates_in = [s]
            elif kind == "LOCAL_AUTHORITY":
                regional = self.rnd.random() < 0.2
                actor = self.add_actor(kind, self.unique_name(lambda: (
                    f"{province} Regional Administration" if regional else
                    f"{district} {self.rnd.choice(['District State Administration', 'Municipality', 'Local Council'])}"), a2),
                    country=iso, home=a1 if regional else a2, weight=0.5 * heavy())
                actor.operates_in = [a1] if regional else [a2]
            elif kind == "GOVERNMENT":
                actor = self.add_actor(kind, self.unique_name(
                    lambda: f"Ministry of {self.rnd.choice(MINISTRIES)} of {cname}", cname), country=iso,
                    home=self.country_code(iso), weight=heavy(), description=f"National government body of {cname}.")
                actor.operates_in = [self.country_code(iso)]
            elif kind == "SECURITY_PROVIDER":
                actor = self.add_actor(kind, self.unique_name(lambda: self.rnd.choice([
                    f"{district} Police Department", f"Border Service of {cname} - {province} unit",
                    f"{province} Regional Police Directorate"]), a2), country=iso, home=a2, weight=0.5 * heavy())
                actor.operates_in = [a2, a1]
            elif kind == "RELIGIOUS_ORGANISATION":
                actor = self.add_actor(kind, self.unique_name(lambda: self.rnd.choice([
                    f"{district} Interfaith Council", f"Council of Imams of {province}",
                    f"{province} Diocese Peace Commission", f"Religious Leaders Forum {village}"]), a2),
                    country=iso, home=a2, weight=0.5 * heavy())
                actor.operates_in = [a2]
            elif kind == "ACADEMIC":
                actor = self.add_actor(kind, self.unique_name(lambda: self.rnd.choice([
                    f"{province} State University", f"Institute for Conflict Studies of {cname}",
                    f"{province} Centre for Social Research"]), a1), country=iso, home=a1, weight=0.5 * heavy())
                actor.operates_in = [a1]
            elif kind == "MEDIA":
                actor = self.add_actor(kind, self.unique_name(lambda: self.rnd.choice([
                    f"Radio {word} {district.split()[0]}", f"{province} Today", f"Media Centre {word}"]), a2),
                    country=iso, home=a2, weight=0.5 * heavy())
                actor.operates_in = [a2, a1]
            elif kind == "PRIVATE_SECTOR":
                actor = self.add_actor(kind, self.unique_name(lambda: self.rnd.choice([
                    f"{word} Agro LLC", f"{province} Chamber of Commerce", f"{word} Microfinance"]), a2),
                    country=iso, home=a2, weight=0.3 * heavy())
                actor.operates_in = [a2]
            elif kind == "NETWORK":
                national = self.rnd.random() < 0.5
                topic = self.rnd.choice(["Women Mediators", "Youth Peacebuilders", "Community Security Practitioners",
                                         "Civil Society Organisations", "Early Warning Monitors"])
                where = cname if national else province
                actor = self.add_actor(kind, self.unique_name(lambda: f"Network of {topic} of {where}", a2),
                                       country=iso, home=self.country_code(iso) if national else a1, weight=heavy(),
                                       description=f"A network of {topic.lower()} in {where}.")
                actor.operates_in = [self.country_code(iso) if national else a1]
            elif kind == "DONOR":
                actor = self.add_actor(kind, self.unique_name(lambda: f"{word} Foundation for {cname}", cname),
                                       country=iso, home=self.country_code(iso), weight=0.3)
                actor.operates_in = [self.country_code(iso)]
            else:  # a national NGO registered as international
                actor = self.add_actor(kind, self.unique_name(lambda: f"{word} International", cname), country=iso,
                                       home=self.country_code(iso), weight=2 * heavy())
                actor.operates_in = [self.country_code(iso), a1]
            if region == "ca" and self.rnd.random() < 0.15:
                actor.values["aliases"] = [actor.name.replace("Public Foundation", "Общественный фонд")
                                           .replace("Association", "Ассоциация")]
        for actor in self.actors.values():
            for code in dict.fromkeys(actor.operates_in):
                self.link("OPERATES_IN", ("Actor", actor.key), ("Location", code))

    def build_relations(self) -> None:
        pairs: set[frozenset] = set()
        keys = list(self.actors)
        for key in keys:
            actor = self.actors[key]
            pool = self.by_country.get(actor.country) or keys
            for _ in range(min(len(pool) - 1, int(self.rnd.expovariate(1 / 1.6)))):
                other = self.rnd.choice(pool)
                pair = frozenset((key, other))
                if other != key and pair not in pairs and other != actor.parent and self.actors[other].parent != key:
                    pairs.add(pair)
                    self.link("PARTNERS_WITH", ("Actor", key), ("Actor", other))
        for key, actor in self.actors.items():
            if actor.kind != "NETWORK" or not actor.country:
                continue
            national = self.places[actor.home].level == "COUNTRY"
            pool = [k for k in (self.by_country[actor.country] if national else self.by_admin1[actor.home])
                    if self.actors[k].kind in ("CSO", "COMMUNITY_GROUP", "RELIGIOUS_ORGANISATION", "MEDIA", "ACADEMIC")]
            for member in self.rnd.sample(pool, min(len(pool), self.rnd.randint(6, 30))):
                self.link("MEMBER_OF", ("Actor", member), ("Actor", key))
        donors = [k for k, a in self.actors.items() if a.kind == "DONOR"]
        csos = [k for k, a in self.actors.items() if a.kind in ("CSO", "NETWORK")]
        for donor in donors:
            for grantee in self.rnd.sample(csos, min(len(csos), self.rnd.randint(2, 8))):
                self.link("FUNDS", ("Actor", donor), ("Actor", grantee))

    # -- mandates --------------------------------------------------------------------------------------------

    def build_mandates(self) -> None:
        holders_by_kind: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        for key, actor in self.actors.items():
            holders_by_kind[(actor.kind, actor.country)].append(key)
        un = [k for k, a in self.actors.items() if a.kind == "UN_AGENCY"]
        regional = [k for k, a in self.actors.items() if a.kind == "REGIONAL_ORGANISATION"]
        for m in range(1, self.n(500) + 1):
            key = f"gen-mandate-{m:04d}"
            roll = self.rnd.random()
            themes = self.initiative_themes(self.rnd.randint(1, 3))
            iso = self.rnd.choice(COUNTRIES)[0]
            cname = dict((c[0], c[1]) for c in COUNTRIES)[iso]
            country = self.country_code(iso)
            if roll < 0.1:
                number = 1000 + m
                title = f"UN Security Council resolution {number} on {THEME_PHRASES[themes[0]][0]}"
                issuer, ref = "United Nations Security Council", f"S/RES/{number} ({self.rnd.randint(2000, 2024)})"
                covers = [self.country_code(c) for c in self.rnd.sample([c[0] for c in COUNTRIES], self.rnd.randint(2, 6))]
                holders = self.rnd.sample(un, min(len(un), self.rnd.randint(1, 4)))
            elif roll < 0.18:
                title = f"Mandate of the regional organisation on {THEME_PHRASES[themes[0]][1]}"
                issuer, ref = "Ministerial Council", f"MC.DEC/{m}/{self.rnd.randint(2005, 2024)}"
                covers = [self.country_code(c) for c in self.rnd.sample([c[0] for c in COUNTRIES], self.rnd.randint(1, 3))]
                holders = self.rnd.sample(regional, min(len(regional), self.rnd.randint(1, 2)))
            elif roll < 0.55:
                title = f"Law of {cname} on {THEME_PHRASES[themes[0]][self.rnd.randint(0, 2)]}"
                issuer, ref = f"Parliament of {cname}", f"Law No. {self.rnd.randint(1, 300)}"
                covers = [country]
                pool = holders_by_kind[("GOVERNMENT", iso)] + holders_by_kind[("SECURITY_PROVIDER", iso)]
                holders = self.rnd.sample(pool, min(len(pool), self.rnd.randint(1, 3)))
            else:
                a1 = self.rnd.choice(self.places[country].children)
                local = self.rnd.random() < 0.6
                scope = self.rnd.choice(self.places[a1].children) if local else a1
                title = f"Decision of the {self.places[scope].name} council on {THEME_PHRASES[themes[0]][2]}"
                issuer, ref = f"{self.places[scope].name} council", f"Decision No. {self.rnd.randint(1, 99)}-{m}"
                covers = [scope]
                pool = [k for k in self.by_admin1[a1] if self.actors[k].kind in ("LOCAL_AUTHORITY", "SECURITY_PROVIDER",
                                                                                   "CSO", "COMMUNITY_GROUP")]
                holders = self.rnd.sample(pool, min(len(pool), self.rnd.randint(1, 3)))
            start = dt.date(self.rnd.randint(2000, 2024), self.rnd.randint(1, 12), 1)
            end = None if self.rnd.random() < 0.6 else start + dt.timedelta(days=self.rnd.randint(365, 12 * 365))
            self.nodes.append(("Mandate", key, {
                "title": title, "issuer": issuer, "sourceReference": ref, "source": SOURCE,
                "description": f"{title}. Gives its holders authority to act on {', '.join(themes)}.",
                "validFrom": start.isoformat(), "validTo": end.isoformat() if end else None}))
            for t in themes:
                self.link("ADDRESSES", ("Mandate", key), ("Theme", t))
            for c in covers:
                self.link("COVERS", ("Mandate", key), ("Location", c))
            for h in holders:
                self.link("HOLDS", ("Actor", h), ("Mandate", key))
            if holders:
                self.owners[key] = holders[0]

    # -- initiatives -----------------------------------------------------------------------------------------

    def initiative_themes(self, count: int) -> list[str]:
        first = self.rnd.choices(THEMES, weights=[THEME_WEIGHTS[t] for t in THEMES])[0]
        themes = [first]
        while len(themes) < count:
            pool = RELATED[themes[-1]] if self.rnd.random() < 0.6 else THEMES
            candidate = self.rnd.choice(pool)
            if candidate not in themes:
                themes.append(candidate)
        return themes

    def title(self, action: str, themes: list[str], phrase_index: int, groups: list[str], places: list[str]) -> str:
        phrases = THEME_PHRASES[themes[0]]
        phrase = phrases[phrase_index % len(phrases)]
        names = [self.places[p].name for p in places[:3]]
        where = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        who = f" with {TARGET_PHRASES[groups[0]]}" if groups else ""
        return f"{action} {phrase}{who} in {where}"

    def description(self, themes: list[str], groups: list[str], places: list[str], activities: list[str]) -> str:
        names = ", ".join(self.places[p].name for p in places[:4])
        groups_text = ", ".join(TARGET_PHRASES[g] for g in groups) or "communities"
        theme_text = " and ".join(THEME_PHRASES[t][0] for t in themes)
        return (f"Works with {groups_text} in {names} on {theme_text}. "
                f"Activities include {activities[0]} and {activities[1]}, "
                f"with a focus on {THEME_PHRASES[themes[-1]][-1]}.")

    def dates(self) -> tuple[dt.date, dt.date | None]:
        start = dt.date(2015, 1, 1) + dt.timedelta(days=self.rnd.randint(0, 14 * 365))
        if self.rnd.random() < 0.05:
            return start, None
        end = start + dt.timedelta(days=self.rnd.randint(180, 4 * 365))
        return start, min(end, dt.date(2030, 12, 31))

    def status(self, start: dt.date, end: dt.date | None) -> str:
        if start > REFERENCE_DATE:
            return "PLANNED" if self.rnd.random() < 0.95 else "CANCELLED"
        if end is not None and end < REFERENCE_DATE:
            return "COMPLETED" if self.rnd.random() < 0.93 else "CANCELLED"
        return "ACTIVE" if self.rnd.random() < 0.9 else "SUSPENDED"

    def initiative_places(self) -> list[str]:
        roll = self.rnd.random()
        countries = [f"gen-{c[0]}" for c in COUNTRIES]
        country = self.rnd.choices(countries, weights=[1.6, 1.2, 0.8, 1.4, 1.0, 0.8])[0]
        if roll < 0.04:
            return [country]
        a1s = self.places[country].children
        a1 = self.pick_weighted(a1s, [self.place_weight[c] for c in a1s])
        if roll < 0.13:
            return [a1]
        a2s = self.places[a1].children
        a2 = self.pick_weighted(a2s, [self.place_weight[c] for c in a2s])
        if roll < 0.28:
            extra = [c for c in a2s if c != a2]
            return [a2] + (self.rnd.sample(extra, 1) if extra and self.rnd.random() < 0.3 else [])
        villages = self.places[a2].children
        count = min(len(villages), self.rnd.choice((1, 1, 2, 2, 3, 4)))
        chosen: list[str] = []
        while len(chosen) < count:
            v = self.pick_weighted(villages, [self.place_weight[c] for c in villages])
            if v not in chosen:
                chosen.append(v)
        return chosen

    def implementers_for(self, places: list[str], exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
        place = self.places[places[0]]
        a1 = self.admin1_of(place.code)
        local = [k for k in self.by_admin1.get(a1, []) if k not in exclude] if a1 else []
        national = [k for k in self.by_country[place.country] if k not in exclude]
        pool = local if local and self.rnd.random() < 0.6 else national
        lead = self.pick_weighted(pool, [self.actors[k].weight for k in pool])
        team = [(lead, "LEAD")]
        for _ in range(self.rnd.choice((0, 0, 1, 1, 2, 3))):
            other_pool = local if local and self.rnd.random() < 0.7 else national
            other = self.pick_weighted(other_pool, [self.actors[k].weight for k in other_pool])
            if other not in (k for k, _ in team):
                team.append((other, "PARTNER"))
        return team

    def build_initiatives(self) -> None:
        donors = [k for k, a in self.actors.items() if a.kind == "DONOR"]
        donor_weights = [1 + 3 * self.rnd.random() for _ in donors]
        programmes_by_country: dict[str, list[str]] = defaultdict(list)
        currencies = dict((f"gen-{c[0]}", c[4]) for c in COUNTRIES)
        self.duplicates_of: dict[str, list[str]] = defaultdict(list)
        originals: list[str] = []
        total = self.n(10_000)
        for i in range(1, total + 1):
            key = f"gen-initiative-{i:05d}"
            original = None
            if originals and self.rnd.random() < 0.08:
                # a near-duplicate: a quarter of them go to a few "hot" originals, so clusters of 3+ exist
                hot = originals[::200][-4:]
                original = self.rnd.choice(hot) if self.rnd.random() < 0.25 else self.rnd.choice(originals[-400:])
            if original:
                src = self.initiatives[original]
                places = list(src["places"]) if self.rnd.random() < 0.7 else src["places"][:1]
                themes = list(src["themes"])
                groups = list(src["groups"])
                action = SYNONYM_ACTIONS[src["action"]] if self.rnd.random() < 0.7 else src["action"]
                phrase_index = src["phrase"]
                start = src["start"] + dt.timedelta(days=self.rnd.randint(-300, 300))
                end = start + dt.timedelta(days=self.rnd.randint(365, 3 * 365))
                team = self.implementers_for(places, exclude={k for k, _ in src["team"]})
                activities = self.rnd.sample(ACTIVITIES, 2)
                self.duplicates_of[original].append(key)
            else:
                places = self.initiative_places()
                themes = self.initiative_themes(self.rnd.choice((1, 2, 2, 2, 3)))
                groups = self.rnd.sample([g.value for g in TargetGroup], self.rnd.choice((0, 1, 1, 2, 2, 3)))
                action = self.rnd.choice(ACTIONS)
                phrase_index = self.rnd.randint(0, 3)
                start, end = self.dates()
                team = self.implementers_for(places)
                activities = self.rnd.sample(ACTIVITIES, 2)
            status = self.status(start, end)
            if original and status not in LIVE and self.rnd.random() < 0.7:
                status = "ACTIVE"  # most near-duplicates are current: the case the hub exists for
            title = self.title(action, themes, phrase_index, groups, places)
            desc = self.description(themes, groups, places, activities)
            country = "gen-" + self.places[places[0]].country
            values = {"title": title, "description": desc, "status": status, "startDate": start.isoformat(),
                      "endDate": end.isoformat() if end else None, "targetGroups": groups, "source": SOURCE}
            if self.rnd.random() < 0.8:
                values["budgetAmount"] = float(self.rnd.choice((5, 10, 20, 50, 100, 250, 500, 1000, 3000)) * 1000)
                values["budgetCurrency"] = self.rnd.choice(("USD", "USD", "EUR", currencies[country]))
            if self.rnd.random() < 0.15:
                values["iatiIdentifier"] = f"XM-GEN-{i:05d}"
            if self.actors[team[0][0]].values.get("sensitive") or self.rnd.random() < 0.01:
                values["sensitive"] = True  # people at risk: shown only coarsely to others
            self.nodes.append(("Initiative", key, values))
            self.owners[key] = team[0][0]
            for p in places:
                self.link("LOCATED_IN", ("Initiative", key), ("Location", p))
            for t in themes:
                self.link("ADDRESSES", ("Initiative", key), ("Theme", t))
            for actor, role in team:
                self.link("IMPLEMENTS", ("Actor", actor), ("Initiative", key), role=role)
                self.implements[actor] += 1
            funders = []
            if donors and self.rnd.random() < 0.6:
                funders = list(dict.fromkeys(self.rnd.choices(donors, weights=donor_weights, k=self.rnd.choice((1, 1, 2)))))
            for f in funders:
                self.link("FUNDS", ("Actor", f), ("Initiative", key))
            level = self.places[places[0]].level
            if level in ("COUNTRY", "ADMIN1") and not original and self.rnd.random() < 0.3:
                programmes_by_country[country].append(key)
            elif level in ("ADMIN2", "SETTLEMENT") and programmes_by_country[country] and self.rnd.random() < 0.05:
                self.link("PART_OF", ("Initiative", key), ("Initiative", self.rnd.choice(programmes_by_country[country])))
            self.initiatives[key] = {"places": places, "themes": themes, "groups": groups, "action": action,
                                     "phrase": phrase_index, "start": start, "team": team, "status": status,
                                     "title": title, "sensitive": bool(values.get("sensitive"))}
            if not original:
                originals.append(key)

    # -- needs and contacts ----------------------------------------------------------------------------------

    def build_needs(self) -> None:
        settlements = [c for c, p in self.places.items() if p.level == "SETTLEMENT"]
        admin2s = [c for c, p in self.places.items() if p.level == "ADMIN2"]
        for n in range(1, self.n(1000) + 1):
            key = f"gen-need-{n:05d}"
            place = self.rnd.choice(settlements if self.rnd.random() < 0.75 else admin2s)
            theme = self.rnd.choice(NEED_THEMES)
            themes = [theme] + ([self.rnd.choice(RELATED[theme])] if self.rnd.random() < 0.4 else [])
            themes = list(dict.fromkeys(themes))
            title = f"{self.rnd.choice(NEED_PHRASES[theme])} in {self.places[place].name}"
            reported = dt.date(2022, 1, 1) + dt.timedelta(days=self.rnd.randint(0, 4 * 365 + 300))
            self.nodes.append(("Need", key, {
                "title": title, "severity": self.rnd.choices(["LOW", "MEDIUM", "HIGH", "CRITICAL"], [2, 4, 3, 1])[0],
                "description": f"{title}, reported by residents and local groups (synthetic).",
                "reportedOn": reported.isoformat(), "source": SOURCE}))
            self.link("AT", ("Need", key), ("Location", place))
            for t in themes:
                self.link("ADDRESSES", ("Need", key), ("Theme", t))
            a1 = self.admin1_of(place)
            pool = [k for k in self.by_admin1.get(a1, []) if self.actors[k].kind in ("CSO", "COMMUNITY_GROUP",
                                                                                       "LOCAL_AUTHORITY", "NETWORK")]
            if pool and self.rnd.random() < 0.85:
                reporter = self.rnd.choice(pool)
                self.link("REPORTED", ("Actor", reporter), ("Need", key))
                self.owners[key] = reporter

    def build_contacts(self) -> None:
        regions = dict((c[0], (c[2], c[3])) for c in COUNTRIES)
        keys = sorted(self.actors, key=lambda k: -self.implements.get(k, 0))
        busiest = set(keys[:20])
        count = 0
        for key in keys:
            actor = self.actors[key]
            if key not in busiest and self.rnd.random() > 0.33:
                continue
            region, languages = regions.get(actor.country or "KG", ("ca", ["en"]))
            for _ in range(2 if key in busiest else 1):
                count += 1
                first, last = self.rnd.choice(FIRST_NAMES[region]), self.rnd.choice(LAST_NAMES[region])
                visibility = "PUBLIC" if key in busiest or self.rnd.random() < 0.4 else self.rnd.choice(
                    ("NETWORK", "NETWORK", "PRIVATE"))
                if visibility == "PUBLIC":
                    self.contacts_public.add(key)
                ckey = f"gen-contact-{count:05d}"
                self.nodes.append(("Contact", ckey, {
                    "name": f"{first} {last}", "role": self.rnd.choice(["Civil society liaison officer", "Programme officer",
                                                                        "Head of office", "Peacebuilding focal point"]),
                    "email": f"{first}.{last}.{count}@example.org".lower(), "languages": languages + ["en"],
                    "visibility": visibility, "source": SOURCE,
                    "phone": f"+000 {self.rnd.randint(100, 999)} {self.rnd.randint(100000, 999999)}"}))
                self.link("LIAISON_FOR", ("Contact", ckey), ("Actor", key))
                self.owners[ckey] = key

    # -- what to ask about -----------------------------------------------------------------------------------

    def choose_picks(self) -> dict[str, str]:
        per_place: dict[str, int] = defaultdict(int)
        for item in self.initiatives.values():
            for p in item["places"]:
                code = p
                while code:
                    per_place[code] += 1
                    code = self.places[code].parent
        def busiest(level):  # noqa: E306
            return max((c for c, p in self.places.items() if p.level == level), key=lambda c: (per_place[c], c))
        dup = max((k for k in self.duplicates_of if not self.initiatives[k]["sensitive"]),
                  key=lambda k: (len(self.duplicates_of[k]), k))
        dup_place = self.initiatives[dup]["places"][0]
        admin2 = dup_place if self.places[dup_place].level == "ADMIN2" else (
            self.places[dup_place].parent if self.places[dup_place].level == "SETTLEMENT" else busiest("ADMIN2"))
        settlements = self.places[admin2].children
        settlement = max(settlements, key=lambda c: (per_place[c], c))
        ranked = sorted((k for k, a in self.actors.items() if not a.values.get("sensitive")),
                        key=lambda k: (-self.implements.get(k, 0), k))
        busy = next((k for k in ranked if k in self.contacts_public), ranked[0])
        busy_country = self.actors[busy].country or "KG"
        # a busy local organisation in another country: connected through shared donors, networks, partners
        far = next(k for k in ranked if self.actors[k].kind == "CSO" and self.actors[k].country not in (None, busy_country))
        holds: dict[str, int] = defaultdict(int)
        for rel, source, _, _ in self.links:
            if rel == "HOLDS":
                holds[source[1]] += 1
        holder = max((k for k in holds if self.implements.get(k)), key=lambda k: (holds[k] * self.implements[k], k),
                     default=busy)
        return {"country": busiest("COUNTRY"), "admin1": busiest("ADMIN1"), "admin2": admin2,
                "admin1_of_duplicates": self.places[admin2].parent, "settlement": settlement, "busy_actor": busy,
                "far_actor": far, "mandate_holder": holder, "duplicated_initiative": dup}


def build(scale: float = 1.0, seed: int = 7) -> Synthetic:
    """The data set as plain records (deterministic for a scale and seed); nothing touches the graph."""
    b = _Builder(scale, seed)
    b.build_places()
    b.build_actors()
    b.build_relations()
    b.build_mandates()
    b.build_initiatives()
    b.build_needs()
    b.build_contacts()
    picks = b.choose_picks()
    stats = {"places": len(b.places), "actors": len(b.actors), "links": len(b.links) + len(b.borders) + len(b.places),
             "duplicated originals": len(b.duplicates_of),
             "near-duplicates": sum(len(v) for v in b.duplicates_of.values())}
    for label, _, _ in b.nodes:
        stats[label.lower() + "s"] = stats.get(label.lower() + "s", 0) + 1
    stats["sensitive records"] = sum(1 for a in b.actors.values() if a.values.get("sensitive")) + sum(
        1 for _, _, values in b.nodes if values.get("sensitive"))
    return Synthetic(b.places, b.borders, b.actors, b.links, b.nodes, b.owners, picks, stats)


def to_batch(data: Synthetic, viewer: Viewer | None = None) -> Batch:
    """The validated bulk batch, exactly as the demo loader builds one."""
    viewer = viewer or Viewer.system("benchmark generator")
    batch = Batch()
    for place in data.places.values():
        batch.add_node("Location", place.code, {
            "code": place.code, "name": place.name, "level": place.level, "country": place.country,
            "latitude": place.lat, "longitude": place.lon, "source": SOURCE}, viewer, f"place {place.code}")
    for actor in data.actors.values():
        batch.add_node("Actor", actor.key, actor.values, viewer, f"actor {actor.key}")
    for label, key, values in data.nodes:
        batch.add_node(label, key, values, viewer, f"{label.lower()} {key}", owner_key=data.owners.get(key))
    for place in data.places.values():
        if place.parent:
            batch.add_link("PART_OF", ("Location", place.code), ("Location", place.parent), viewer, SOURCE)
    for a, b in data.borders:
        batch.add_link("BORDERS", ("Location", a), ("Location", b), viewer, SOURCE)
    for rel, source, target, extra in data.links:
        batch.add_link(rel, source, target, viewer, SOURCE, **extra)
    return batch


async def load(graph: Graph, data: Synthetic) -> dict[str, int]:
    """Writes the data set through the importer's bulk path; returns what write_batch counted."""
    return await write_batch(graph, to_batch(data))


async def generate(graph: Graph, scale: float = 1.0, seed: int = 7) -> dict:
    """Builds and writes the synthetic data set; returns the counts of records and relationships written."""
    return await load(graph, build(scale, seed))


def marker(data_dir: Path, scale: float, seed: int) -> Path:
    """The file that says a data folder already holds the data set of this scale and seed."""
    return data_dir / f"generated-{scale}-{seed}.json"


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, help="embedded server data folder (default: a new temporary one)")
    parser.add_argument("--dry-run", action="store_true", help="only build and validate the records; print sizes")
    args = parser.parse_args()

    started = time.perf_counter()
    data = build(args.scale, args.seed)
    batch = to_batch(data)
    print(f"built and validated in {time.perf_counter() - started:.1f} s: {json.dumps(data.stats)}")
    print(f"relationships: {sum(len(v) for v in batch.links.values())}; picks: {json.dumps(data.picks)}")
    if args.dry_run:
        return

    async def run() -> None:
        import os
        import tempfile

        from hub.runtime import Hub
        from hub.settings import Settings

        if os.environ.get("HUB_NEO4J_URI"):
            settings = Settings()
        else:
            data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="hub-bench-"))
            settings = Settings(data_dir=data_dir, neo4j_uri=None, _env_file=None)
            print(f"embedded graph server, data in {data_dir}")
        hub = await Hub(settings).start()
        try:
            t = time.perf_counter()
            counts = await write_batch(hub.graph, batch)
            print(f"written in {time.perf_counter() - t:.1f} s: {json.dumps(counts)}")
            if not os.environ.get("HUB_NEO4J_URI"):
                marker(data_dir, args.scale, args.seed).write_text(json.dumps(counts) + "\n")
        finally:
            await hub.stop()

    asyncio.run(run())


if __name__ == "__main__":
    _main()
