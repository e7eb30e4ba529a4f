"""Every weight and threshold of the hub's scores, in one place.

Every score is in [0, 1] and every result lists its factors, each with its own score and a sentence.
"""

# Duplication: the same kind of work, for overlapping people, in overlapping places, at overlapping times.
#   score = substance x place gate x period gate x people gate (x a small bonus for a shared funder)
#   substance = max(text, SUBSTANCE_THEME_SHARE x theme + (1 - SUBSTANCE_THEME_SHARE) x text)
#   gate = floor + (1 - floor) x factor, or the "unknown" value when a side lacks the data
SUBSTANCE_THEME_SHARE = 0.5
PLACE_GATE_FLOOR, PLACE_UNKNOWN = 0.15, 0.6  # far apart: at most 0.15 of the substance survives
PERIOD_GATE_FLOOR, PERIOD_UNKNOWN = 0.15, 0.85  # decades apart: likewise
PEOPLE_GATE_FLOOR, PEOPLE_UNKNOWN = 0.6, 0.9  # different target groups weaken, they do not rule out
SHARED_FUNDER_BONUS = 0.1  # a donor funding the same thing twice
SAME_THEME_BY_DEPTH = (0.6, 0.85, 1.0)  # sharing a top theme (peacebuilding) says less than sharing a narrow one
NARROWER_THEME = 0.7  # per step between a theme and a broader one
SIBLING_THEME = 0.35  # both themes sit under the same broader theme (not the top of the taxonomy)
PERIOD_DECAY_DAYS = 3 * 365  # a gap this long between periods brings the period factor to 0
OPEN_END_DAYS = 365  # an initiative without an end date is taken to run a year past today
INFORMATIVE_WORDS_FOR_FULL_TRUST = 4  # fewer informative title words make the text factor count for less
# How much each factor counts towards the confidence, when it is known on both sides.
EVIDENCE = {"place": 0.25, "theme": 0.25, "text": 0.2, "period": 0.15, "target_groups": 0.1, "funders": 0.05}
INFERRED_THEME_EVIDENCE = 0.5  # themes read from the wording count half
ASSUMED_PERIOD_EVIDENCE = 0.5  # a draft without dates is taken to start today, and counts half
TITLES_NAME_OTHER_PLACES = 0.4  # places merely near each other, and each title names its own place: less alike
DUPLICATE_REPORT_THRESHOLD = 0.4  # a pair at or above this is reported: in a cluster, and when registering
                                  # (chosen on the labelled cases of benchmarks/quality: see the README)
CANDIDATE_LIMIT = 2000  # initiatives scored at most per question

# Partner finding: how useful an actor would be as a partner for an actor or a planned initiative.
# The score is the weighted mean of the factors known for this question (a plan without target groups
# leaves that factor out); geography and themes carry most of it.
PARTNER = {
    "geography": 0.35,  # where it actually works, see GEO_* below
    "themes": 0.30,  # works on the same or related themes: here, elsewhere, or only mandated for them
    "target_groups": 0.10,  # already works with the plan's target groups
    "complementarity": 0.10,  # brings what the seeker lacks (see complementarity())
    "friend_of_friend": 0.06,  # partners or co-implementers of the seeker's partners (2 or more: full score)
    "networks": 0.04,  # member of a network the seeker belongs to
    "contact": 0.05,  # has a liaison contact the caller can see
}
GEO_ACROSS_BORDER = 0.85  # works in a place across the border from the plan's places
GEO_NEARBY = 0.55  # works elsewhere in the same district or province
GEO_CONTAINING = {"COUNTRY": 0.3, "ADMIN1": 0.6, "ADMIN2": 0.8, "ADMIN3": 0.9}  # works at a place containing them
GEO_MANDATE = {"COUNTRY": 0.25, "ADMIN1": 0.4, "ADMIN2": 0.5, "ADMIN3": 0.5, "SETTLEMENT": 0.5}  # mandated there
PARTNER_MIN_GEOGRAPHY = 0.25  # below this an actor is not suggested for a plan with places
PARTNER_CANDIDATES = 80  # the nearest actors whose features are read and scored
SEEKER_PLACES = 8  # an actor asking is placed where it works most (its busiest places)
THEME_ELSEWHERE = 0.85  # works on the theme, but not in these places
THEME_MANDATED_ONLY = 0.6  # only mandated for the theme
FRIENDS_FOR_FULL_SCORE = 2

_LOCAL = {"CSO", "COMMUNITY_GROUP", "RELIGIOUS_ORGANISATION", "NETWORK"}
_AGENCY = {"UN_AGENCY", "INTERNATIONAL_NGO", "REGIONAL_ORGANISATION"}
_STATE = {"GOVERNMENT", "LOCAL_AUTHORITY", "SECURITY_PROVIDER"}
_FUNDER = {"DONOR"}
_KNOWLEDGE = {"ACADEMIC", "MEDIA"}
_GROUPS = {"local": _LOCAL, "agency": _AGENCY, "state": _STATE, "funder": _FUNDER, "knowledge": _KNOWLEDGE}
_COMPLEMENT = {  # (seeker's kind of organisation, candidate's) -> score, what the candidate brings
    ("local", "funder"): (1.0, "A funder for an implementer."),
    ("agency", "funder"): (1.0, "A funder for an implementer."),
    ("state", "funder"): (1.0, "A funder for public work."),
    ("funder", "local"): (1.0, "A local implementer for a funder."),
    ("funder", "agency"): (0.8, "An implementer for a funder."),
    ("agency", "local"): (1.0, "A local group rooted where an agency is not."),
    ("local", "agency"): (0.8, "An agency with reach and resources a local group lacks."),
    ("local", "state"): (0.9, "A government body: the authority to act and to keep the work going."),
    ("agency", "state"): (0.9, "A government body: the authority to act and to keep the work going."),
    ("state", "local"): (0.9, "A civil-society group close to the communities."),
    ("state", "agency"): (0.7, "An agency with expertise and resources."),
}


def complementarity(seeker_kind: str, kind: str) -> tuple[float, str]:
    """What an actor of one kind brings to an actor of another, in words."""
    mine = next((g for g, kinds in _GROUPS.items() if seeker_kind in kinds), None)
    theirs = next((g for g, kinds in _GROUPS.items() if kind in kinds), None)
    if (mine, theirs) in _COMPLEMENT:
        return _COMPLEMENT[(mine, theirs)]
    if theirs == "knowledge":
        return 0.6, "Research or media: evidence and a voice."
    if mine == theirs:
        return 0.4, "A peer of the same kind: shared experience more than new means."
    return 0.5, "A different kind of organisation."
