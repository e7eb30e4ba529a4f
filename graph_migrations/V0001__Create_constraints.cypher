// Every node type is addressed by its own stable key; the global IDs of the API are built from it.
CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (n:Actor) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT mandate_key IF NOT EXISTS FOR (n:Mandate) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT initiative_key IF NOT EXISTS FOR (n:Initiative) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT location_key IF NOT EXISTS FOR (n:Location) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT theme_key IF NOT EXISTS FOR (n:Theme) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT need_key IF NOT EXISTS FOR (n:Need) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT contact_key IF NOT EXISTS FOR (n:Contact) REQUIRE n.key IS UNIQUE;
// Two registrations of the same organisation (same normalised name or acronym in the same country) are refused
// even when they race; a confirmed distinct organisation gets a suffixed identity key.
CREATE CONSTRAINT actor_identity IF NOT EXISTS FOR (n:Actor) REQUIRE n.identityKey IS UNIQUE;
CREATE CONSTRAINT actor_acronym_identity IF NOT EXISTS FOR (n:Actor) REQUIRE n.acronymKey IS UNIQUE;
