"""Every weight and threshold of the hub's scores, in one place.

A score is the weighted mean of the factors that could be compared (a factor is left out, and said to be
left out, when either side lacks the data), so each score is in [0, 1] and every result lists the
factors with their figures.
"""

# Duplication: how likely two initiatives do the same thing for the same people in the same place.
DUPLICATION = {
    "place": 0.30,  # same places (share of the smaller set), or nested places (one within the other)
    "theme": 0.20,  # same themes, or one narrower than the other
    "text": 0.20,  # title and description similarity, transliterated so scripts do not matter
    "period": 0.10,  # overlapping periods; an initiative that ended recently still counts, decaying over 3 years
    "target_groups": 0.10,  # share of target groups in common (Jaccard)
    "funders": 0.10,  # share of funders in common (Jaccard): donors funding the same thing twice
}
DISJOINT_PLACES = 0.5  # both places known, none shared or nested: the score is multiplied by this
NESTED_PLACE = 0.6  # one initiative's place lies within the other's
NARROWER_THEME = 0.7  # one theme is broader than the other
SIBLING_THEME = 0.4  # both themes sit under the same broader theme (not the root of the taxonomy)
TITLE_SHARE = 0.6  # the title's part of the text factor when both descriptions exist
PERIOD_DECAY_DAYS = 3 * 365  # a gap this long between periods brings the period factor to 0
OPEN_END_DAYS = 365  # an initiative without an end date is taken to run a year past today
DUPLICATE_REPORT_THRESHOLD = 0.6  # default pair score that joins two initiatives into a cluster
CANDIDATE_LIMIT = 2000  # initiatives scored at most per question

# Partner finding: how useful an actor would be as a partner for an actor or a planned initiative.
PARTNER = {
    "geography": 0.30,  # active or mandated in the same places (1), nested (0.8) or bordering places (0.7)
    "themes": 0.25,  # works on the same or related themes
    "complementarity": 0.10,  # reaches target groups the seeker does not, on shared themes
    "friend_of_friend": 0.15,  # partners or co-implementers of the seeker's partners (2 or more: full score)
    "networks": 0.10,  # member of a network the seeker belongs to
    "contact": 0.10,  # has a liaison contact the caller can see
}
GEO_SAME = 1.0  # times the level's weight below: sharing a country says less than sharing a village
GEO_LEVEL = {"COUNTRY": 0.5, "ADMIN1": 0.8, "ADMIN2": 0.9, "ADMIN3": 1.0, "SETTLEMENT": 1.0}
GEO_NESTED = 0.8
GEO_MANDATED = 0.8
GEO_BORDERING = 0.7
FRIENDS_FOR_FULL_SCORE = 2
