// Sort and filter keys of the list queries.
CREATE INDEX actor_sort_name IF NOT EXISTS FOR (n:Actor) ON (n.sortName);
CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind);
CREATE INDEX actor_country IF NOT EXISTS FOR (n:Actor) ON (n.country);
CREATE INDEX initiative_status IF NOT EXISTS FOR (n:Initiative) ON (n.status);
CREATE INDEX initiative_sort_name IF NOT EXISTS FOR (n:Initiative) ON (n.sortName);
CREATE INDEX location_level IF NOT EXISTS FOR (n:Location) ON (n.level);
CREATE INDEX location_country IF NOT EXISTS FOR (n:Location) ON (n.country);
