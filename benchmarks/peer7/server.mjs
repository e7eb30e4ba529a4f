// The Neo4j GraphQL Library (@neo4j/graphql 7.x) over the hub's graph: a peer of benchmarks/compare.py.
// Reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, PORT and CYPHER_VERSION_PREFIX; serves POST
// /graphql (../peer-shared.mjs).
//
// 7.x starts every statement with `CYPHER 5`, which the embedded engine refuses as a syntax error. With
// CYPHER_VERSION_PREFIX=0 (compare.py sets it on the embedded engine only) the library is told to leave that
// line out (its own `addVersionPrefix` query option); the statements are otherwise the same.
import { Neo4jGraphQL } from "@neo4j/graphql";
import { graphql } from "graphql";
import neo4j from "neo4j-driver";

import { driverFromEnv, features, serve, typeDefs } from "../peer-shared.mjs";

const driver = driverFromEnv(neo4j);
const schema = await new Neo4jGraphQL({ typeDefs: typeDefs({ node: " @node" }), driver, features }).getSchema();
const cypherQueryOptions = { addVersionPrefix: process.env.CYPHER_VERSION_PREFIX !== "0" };

serve(graphql, schema, { sessionConfig: { database: process.env.NEO4J_DATABASE }, cypherQueryOptions });
