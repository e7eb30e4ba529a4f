// The Neo4j GraphQL Library (@neo4j/graphql 5.x) over the hub's graph: a peer of benchmarks/compare.py.
// Reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE and PORT; serves POST /graphql (../peer-shared.mjs).
import { Neo4jGraphQL } from "@neo4j/graphql";
import { graphql } from "graphql";
import neo4j from "neo4j-driver";

import { driverFromEnv, features, serve, typeDefs } from "../peer-shared.mjs";

const driver = driverFromEnv(neo4j);
const schema = await new Neo4jGraphQL({ typeDefs: typeDefs({ unique: " @unique" }), driver, features }).getSchema();

serve(graphql, schema, { sessionConfig: { database: process.env.NEO4J_DATABASE } });
