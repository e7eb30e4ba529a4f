// The HTTP side both peers of benchmarks/compare.py share: POST /graphql answered with the schema each built
// with its own @neo4j/graphql (and its own graphql package, passed in, which the schema belongs to); prints
// "ready <port>" once it listens on loopback.
import http from "node:http";

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
