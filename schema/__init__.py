"""The GraphQL schema: types, inputs, enums and the schema object; schema.graphql is exported from it."""
