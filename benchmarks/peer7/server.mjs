// The Neo4j GraphQL Library (@neo4j/graphql 7.x) over the hub's graph: the second peer of benchmarks/compare.py.
// Reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, PORT and CYPHER_VERSION_PREFIX; serves POST
// /graphql (../peer-serve.mjs).
//
// 7.x starts every statement with `CYPHER 5`, which the embedded engine refuses as a syntax error. With
// CYPHER_VERSION_PREFIX=0 (compare.py sets it on the embedded engine only) the library is told to leave that
// line out (its own `addVersionPrefix` query option); the statements are otherwise the same.
import { Neo4jGraphQL } from "@neo4j/graphql";
import { graphql } from "graphql";
import neo4j from "neo4j-driver";

import { serve } from "../peer-serve.mjs";

// The part of the hub's model the shared operations use, with the stored property names (7.x: @node types).
const typeDefs = `#graphql
  type Implements @relationshipProperties {
    role: String
  }

  type Actor @node {
    key: String!
    name: String
    kind: String
    country: String
    sortName: String
    visibility: String
    initiatives: [Initiative!]! @relationship(type: "IMPLEMENTS", direction: OUT, properties: "Implements")
    fundsInitiatives: [Initiative!]! @relationship(type: "FUNDS", direction: OUT)
    sensitive: Boolean
    operatesIn: [Location!]! @relationship(type: "OPERATES_IN", direction: OUT)
  }

  type Initiative @node {
    key: String!
    title: String
    status: String
    startDate: String
    endDate: String
    sortName: String
    visibility: String
    sensitive: Boolean
    source: String
    implementers: [Actor!]! @relationship(type: "IMPLEMENTS", direction: IN, properties: "Implements")
    funders: [Actor!]! @relationship(type: "FUNDS", direction: IN)
    locations: [Location!]! @relationship(type: "LOCATED_IN", direction: OUT)
    themes: [Theme!]! @relationship(type: "ADDRESSES", direction: OUT)
  }

  type Location @node {
    key: String!
    name: String
    level: String
  }

  type Theme @node {
    key: String!
    name: String
  }
`;

const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD),
                            { maxConnectionPoolSize: 50 });
const database = process.env.NEO4J_DATABASE;
const cypherQueryOptions = { addVersionPrefix: process.env.CYPHER_VERSION_PREFIX !== "0" };
const features = { filters: { String: { LT: true, LTE: true, GT: true, GTE: true } } };
const schema = await new Neo4jGraphQL({ typeDefs, driver, features }).getSchema();

serve(graphql, schema, { sessionConfig: { database }, cypherQueryOptions });
