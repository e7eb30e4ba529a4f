// Asks the hub who works on mediation in a village, finds an organisation by acronym, walks every CSO page
// by page, and registers an initiative with its implementer: node dist/example.js <graphql url> [token]
import { HubClient, HubError } from "./client.js";

const [url, token] = process.argv.slice(2);
const hub = new HubClient(url ?? "http://127.0.0.1:8000/graphql", { token });

const who = await hub.run("WhoWorksWhere", {
  locationId: "TG9jYXRpb246REVNTy1LRy1OQVJJTUFO", themeId: "VGhlbWU6bWVkaWF0aW9u",
  period: { start: "2024-01-01", end: "2024-12-31" },
});
const fti = await hub.run("SearchActors", { search: "fti" });
let csos = 0;
for await (const actor of hub.paginate("SearchActors", "actors", { kinds: ["CSO"] }, 10)) {
  if (actor.kind === "CSO") csos++;
}
let registered: { id: string; version: number } | string | null = null;
try {
  const made = await hub.run("CreateInitiative", {
    input: { title: "Youth dialogue clubs in Batken (example)", locationIds: ["TG9jYXRpb246S0cwNTAwMDAwMDAwMA"],
             implementers: [{ actorId: "QWN0b3I6ZGVtby1mdGk", role: "LEAD" }] },
  });
  registered = made.createInitiative.initiative ?? null;
} catch (error) {
  if (!(error instanceof HubError)) throw error;
  registered = error.code;
}
console.log(JSON.stringify({
  whoWorksWhere: who.whoWorksWhere.map((a) => ({ name: a.actor?.name ?? null, roles: a.roles })),
  fti: fti.actors.nodes.map((a) => a.name),
  csos,
  registered,
}));
