// The review queue of organisation merges: a candidate pair is queued once (an import that finds it again
// leaves it as it is, even when concurrent imports find it together); merges are found by key to be undone.
CREATE CONSTRAINT merge_candidate_key IF NOT EXISTS FOR (n:MergeCandidate) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT merge_candidate_pair IF NOT EXISTS FOR (n:MergeCandidate) REQUIRE n.pairKey IS UNIQUE;
CREATE INDEX merge_candidate_status IF NOT EXISTS FOR (n:MergeCandidate) ON (n.status);
CREATE CONSTRAINT actor_merge_key IF NOT EXISTS FOR (n:ActorMerge) REQUIRE n.key IS UNIQUE;
