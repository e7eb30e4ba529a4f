// The stamp of the place and theme hierarchies (hub.graph.hierarchy): one node, made at start-up, renewed by
// every write that changes either hierarchy. Unique, so processes starting together make one.
CREATE CONSTRAINT hierarchy_stamp_key IF NOT EXISTS FOR (n:HierarchyStamp) REQUIRE n.key IS UNIQUE;
