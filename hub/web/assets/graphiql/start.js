// Starts GraphiQL with the explorer plugin, sending operations to this page's own URL (/graphql).
// A file of its own, not an inline script: the page's Content-Security-Policy allows scripts from the hub only.
(function () {
  "use strict";

  var EXAMPLE_QUERY = [
    "# The coordination hub's GraphQL API. Type an operation and press Ctrl-Enter (or the play button).",
    "# Mutations need a token: add {\"Authorization\": \"Bearer <token>\"} under Headers below.",
    "# The Docs panel (top left) describes every type and field.",
    "",
    "{",
    "  actors(first: 5) {",
    "    totalCount",
    "    nodes { name acronym kind country }",
    "  }",
    "}",
    ""
  ].join("\n");

  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: EXAMPLE_QUERY,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      inputValueDeprecation: true
    })
  );
})();
