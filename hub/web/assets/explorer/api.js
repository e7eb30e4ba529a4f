// The explorer's only way to data: POST /graphql, the public API, with the reader's token if signed in.
// It adds nothing of its own, so it can never show a viewer more than the API shows that viewer.

const TOKEN = "explorer.token";

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
}

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

async function post(query, variables, bearer) {
  const headers = { "content-type": "application/json", accept: "application/json" };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (error) {
    throw new ApiError(error.message, "NETWORK");
  }
  const body = await response.json().catch(() => ({}));
  const first = (body.errors || [])[0];
  if (first && !body.data) throw new ApiError(first.message, first.extensions?.code || `HTTP_${response.status}`);
  if (!response.ok && !body.data) throw new ApiError(`HTTP ${response.status}`, `HTTP_${response.status}`);
  return body.data;
}

/** The data of one operation; a refused token signs the reader out (the page then reads anonymously). */
export async function gql(query, variables = {}) {
  try {
    return await post(query, variables, token());
  } catch (error) {
    if (error.code === "UNAUTHENTICATED" && token()) signOut();
    throw error;
  }
}

/** Keeps a token only when the API accepts it. */
export async function signIn(candidate) {
  await post("query SignInCheck { __typename }", {}, candidate);
  sessionStorage.setItem(TOKEN, candidate);
}
