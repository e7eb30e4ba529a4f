// Lints Cypher with Neo4j's own semantic analyser, because the embedded engine accepts some Cypher
// that Neo4j 5 rejects (DESIGN.md, "The graph server"). Offline once `npm ci` has run.
//   stdin:  [{"name": str, "cypher": str}, ...]
//   stdout: [{"name", "errors": [{"message", "line", "column"}], "warnings": int}, ...]
// Only Error diagnostics count; line and column are 1-based. Without a database schema the library
// reports every $parameter as an Error ("Parameter $x is not defined."): those are dropped with the
// library's own isNotParamError. Unknown labels, types, properties and functions are not reported.
import {
  isNotParamError,
  lintCypherQuery,
  parseStatementsStrs,
} from '@neo4j-cypher/language-support';

const ERROR = 1; // vscode-languageserver DiagnosticSeverity.Error; Warning is 2
const SCHEMA = { defaultLanguage: 'CYPHER 5' }; // production is Neo4j 5.x
const OPTIONS = { consoleCommandsEnabled: false }; // ":param" etc. are not Cypher
// The library swallows any exception of the semantic analyser and then reports nothing; a statement
// Neo4j rejects on semantics alone proves the analyser really ran.
const CANARY = 'MATCH (a:Actor) RETURN a {.key, items: collect(a.name)}';

function lint(cypher) {
  if (typeof cypher !== 'string' || cypher.trim() === '') {
    return { errors: [{ message: 'empty or missing cypher', line: 1, column: 1 }], warnings: 0 };
  }
  const { diagnostics } = lintCypherQuery(cypher, SCHEMA, OPTIONS);
  const errors = diagnostics
    .filter((d) => d.severity === ERROR && isNotParamError(d))
    .map((d) => ({
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    }));
  const count = parseStatementsStrs(cypher).length;
  if (count > 1) {
    // A driver query is one statement; Neo4j refuses several in one run.
    errors.push({ message: `${count} statements in one query`, line: 1, column: 1 });
  }
  const warnings = diagnostics.filter((d) => d.severity !== ERROR).length;
  return { errors, warnings };
}

if (lint(CANARY).errors.length === 0) {
  console.error('cypher-lint: the Neo4j semantic analyser did not run (canary passed)');
  process.exit(2);
}
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = items.map(({ name, cypher }) => ({ name, ...lint(cypher) }));
process.stdout.write(JSON.stringify(results, null, 1) + '\n');
