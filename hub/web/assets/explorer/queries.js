// Every operation the explorer sends: one request per page where the API allows it. tests/test_explorer.py
// validates each against schema/schema.graphql, so a schema change that breaks a page fails the suite.

// label ("Isfara - district, Sughd, TJ") tells same-name places apart; the parents' own names give the trail in
// the reader's script.
const PLACE_NAME = "id name alternateNames level label parent { id name alternateNames parent { id name alternateNames } }";
const PAGE = "pageInfo { hasNextPage endCursor }";
const SEARCH_PLACE = `nodes { ${PLACE_NAME} }`;
const SEARCH_ACTOR = "nodes { id name acronym aliases kind country }";
const SEARCH_INITIATIVE = "nodes { id title status startDate endDate }";
const SEARCH_THEME = "nodes { id code name }";

export const SEARCH = `query ExplorerSearch($q: String!) {
  locations(filter: {search: $q}, first: 10) { totalCount ${PAGE} ${SEARCH_PLACE} }
  actors(filter: {search: $q}, first: 10) { totalCount ${PAGE} ${SEARCH_ACTOR} }
  initiatives(filter: {search: $q}, first: 10) { totalCount ${PAGE} ${SEARCH_INITIATIVE} }
  themes(filter: {search: $q}, first: 10) { totalCount ${PAGE} ${SEARCH_THEME} }
}`;

// The "more" buttons of the search results: the next page of one list, from its cursor.
export const MORE_PLACES = `query ExplorerMorePlaces($q: String!, $after: String) {
  list: locations(filter: {search: $q}, first: 20, after: $after) { ${PAGE} ${SEARCH_PLACE} }
}`;
export const MORE_ACTORS = `query ExplorerMoreActors($q: String!, $after: String) {
  list: actors(filter: {search: $q}, first: 20, after: $after) { ${PAGE} ${SEARCH_ACTOR} }
}`;
export const MORE_INITIATIVES = `query ExplorerMoreInitiatives($q: String!, $after: String) {
  list: initiatives(filter: {search: $q}, first: 20, after: $after) { ${PAGE} ${SEARCH_INITIATIVE} }
}`;
export const MORE_THEMES = `query ExplorerMoreThemes($q: String!, $after: String) {
  list: themes(filter: {search: $q}, first: 20, after: $after) { ${PAGE} ${SEARCH_THEME} }
}`;

// A change of the feed: a tombstone (DELETE) has no record; a record the reader may no longer see is null too.
const CHANGE = `nodes { id at action recordType recordId relationship record {
  __typename id ... on Initiative { title } ... on Actor { name aliases } ... on Location { name alternateNames }
  ... on Need { title } ... on Mandate { title } ... on Theme { name } ... on Contact { name } } }`;

const PLACE_INITIATIVE = "nodes { id title status startDate endDate themes { id name } }";
const PLACE_INITIATIVES_PAGE = 10;

export const MORE_PLACE_INITIATIVES = `query ExplorerMorePlaceInitiatives($id: ID!, $after: String) {
  list: initiatives(filter: {locationId: $id}, first: ${PLACE_INITIATIVES_PAGE}, after: $after) { ${PAGE} ${PLACE_INITIATIVE} }
}`;

export const THEME = `query ExplorerTheme($id: ID!, $themeId: ID!) {
  node(id: $id) { id ... on Theme { code name description broader { id name } narrower { id name } } }
  actors(filter: {themeId: $themeId}, first: 50) { totalCount nodes { id name aliases kind country } }
  initiatives(filter: {themeId: $themeId}, first: 50) { totalCount nodes { id title status startDate endDate } }
}`;

export const PLACE = `query ExplorerPlace($id: ID!) {
  node(id: $id) {
    id
    ... on Location {
      ${PLACE_NAME} code country latitude longitude
      children { id name alternateNames level latitude longitude }
    }
  }
  within: locations(filter: {withinId: $id}, first: 60) { nodes { id name alternateNames level latitude longitude } }
  whoWorksWhere(locationId: $id) {
    roles
    actor { id name acronym aliases kind }
    work { role initiative { id title } locations { id } }
    contacts { name role email }
  }
  presenceMatrix(locationId: $id, rollUpThemes: true) {
    initiativeCount actorCount location { id name alternateNames }
    cells { initiativeCount actorCount theme { id name } }
  }
  coverageGaps(locationId: $id) {
    unaddressedNeeds { severity need { id title } location { id name alternateNames label } }
    placesWithoutActors { weight location { ${PLACE_NAME} } }
    mandatedThemesWithoutActivity { theme { id name } mandates { id title } }
  }
  idle: mandatedActors(locationId: $id, active: false) { actor { id name aliases kind } mandates { id title } }
  initiatives(filter: {locationId: $id}, first: ${PLACE_INITIATIVES_PAGE}) { totalCount ${PAGE} ${PLACE_INITIATIVE} }
  changes(locationId: $id, first: 10) { ${CHANGE} }
}`;

export const ACTOR = `query ExplorerActor($id: ID!) {
  node(id: $id) {
    id
    ... on Actor {
      name acronym aliases kind description website country version visibility
      verification { status verifiedBy verifiedAt expiresAt }
      freshness { updatedAt daysSinceUpdate }
      mandates { id title issuer validFrom validTo themes { id name } covers { id name alternateNames label } }
      initiatives { role initiative { id title status startDate endDate } }
      fundsInitiatives { id title status }
      operatesIn { ${PLACE_NAME} }
      partners { id name aliases kind }
      memberOf { id name aliases }
      members { id name aliases }
      parent { id name aliases }
      units { id name aliases }
      fundedBy { id name aliases }
      contacts { id name role email phone languages }
      coImplementers { sharedInitiatives actor { id name aliases kind } }
    }
  }
  changes(actorId: $id, first: 8) { ${CHANGE} }
  partnerSuggestions(actorId: $id, first: 5) {
    score currentPartner actor { id name aliases kind } reasons { factor score detail }
  }
}`;

export const INITIATIVE = `query ExplorerInitiative($id: ID!) {
  node(id: $id) {
    id
    ... on Initiative {
      title description status startDate endDate version visibility targetGroups iatiIdentifier
      budget { amount currency }
      provenance { createdBy createdAt updatedBy updatedAt source }
      implementers { role actor { id name aliases kind } }
      funders { id name aliases }
      locations { ${PLACE_NAME} }
      themes { id name }
      parent { id title }
      components { id title }
    }
  }
  duplicateCandidates(initiativeId: $id, first: 5, minScore: 0.3) {
    score confidence initiative { id title } reasons { factor score detail }
  }
}`;

// The graph file the API writes for any view (hub export graph, hub draw): the network page draws from it.
export const NETWORK = `query ExplorerNetwork($id: ID!, $depth: Int!) {
  neighbourhood(id: $id, depth: $depth, kinds: [ACTOR, INITIATIVE, MANDATE], maxNodes: 80) { export(format: JSON) }
}`;

// A place's collaboration network, measured, as the API writes it for every view (hub export graph, hub draw network).
export const COLLABORATION = `query ExplorerCollaboration($id: ID!) {
  node(id: $id) { id ... on Location { name alternateNames level } }
  collaborationNetwork(locationId: $id) { export(format: JSON) }
}`;

export const PICK_PLACES = `query ExplorerPickPlaces($q: String!) {
  locations(filter: {search: $q}, first: 8) { nodes { ${PLACE_NAME} } }
}`;

export const PICK_ACTORS = `query ExplorerPickActors($q: String!) {
  actors(filter: {search: $q}, first: 8) { nodes { id name acronym aliases kind country } }
}`;

export const PICK_THEMES = `query ExplorerPickThemes($q: String) {
  themes(filter: {search: $q}, first: 8) { nodes { id name code } }
}`;

export const CHECK_DRAFT = `query ExplorerCheckDraft($draft: DraftInitiativeInput!) {
  duplicateCandidates(draft: $draft, first: 5, minScore: 0.3) {
    score confidence initiative { id title } reasons { factor score detail }
  }
}`;

const STORED = `id version title description status startDate endDate visibility
  locations { id name alternateNames label } themes { id name } implementers { role actor { id name aliases } }`;

export const CREATE_INITIATIVE = `mutation ExplorerCreateInitiative($input: CreateInitiativeInput!) {
  createInitiative(input: $input) {
    initiative { ${STORED} }
    userErrors { field message code }
    possibleDuplicates { score initiative { id title } reasons { factor detail } }
  }
}`;

export const EDIT_INITIATIVE = `query ExplorerEditInitiative($id: ID!) {
  node(id: $id) { id ... on Initiative { ${STORED} } }
}`;

export const UPDATE_INITIATIVE = `mutation ExplorerUpdateInitiative($input: UpdateInitiativeInput!) {
  updateInitiative(input: $input) {
    initiative { ${STORED} }
    userErrors { field message code }
  }
}`;
