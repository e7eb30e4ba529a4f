// What both peers of benchmarks/compare.py share: the part of the hub's model the shared operations use (with the
// stored property names, in each version's directives), their driver set-up from NEO4J_URI, NEO4J_USER and
// NEO4J_PASSWORD, and their HTTP side: POST /graphql on PORT, answered with the schema each built with its own
// @neo4j/graphql (and its own graphql and neo4j-driver packages, passed in); prints "ready <port>" once it listens
// on loopback.
import http from "node:http";

// node: the directive that marks a node type (7.x: " @node"); unique: the one on a key (5.x: " @unique")
export function typeDefs({ node = "", unique = "" }) {
  return `#graphql
  type Implements @relationshipProperties {
    role: String
  }

  type Actor${node} {
    key: String!${unique}
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

  type Initiative${node} {
    key: String!${unique}
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

  type Location${node} {
    key: String!${unique}
    name: String
    level: String
  }

  type Theme${node} {
    key: String!${unique}
    name: String
  }
`;
}

// string comparisons (a period's dates are ISO strings) are off by default in both versions
export const features = { filters: { String: { LT: true, LTE: true, GT: true, GTE: true } } };

export function driverFromEnv(neo4j) {
  return neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD),
                      { maxConnectionPoolSize: 50 });
}

export function serve(graphql, schema, context) {
  const server = http.createServer((request, response) => {
    if (request.method !== "POST") {
      response.writeHead(405).end();
      return;
    }
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const result = await graphql({ schema, source: query, variableValues: variables, contextValue: context });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
    });
  });
  const port = Number(process.env.PORT || 0);
  server.listen(port, "127.0.0.1", () => console.log(`ready ${server.address().port}`));
}
