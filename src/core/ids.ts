/**
 * Branded identifiers: a post-mortem id is a string that passed validation, so a service can never be handed an
 * unchecked argument or another kind of id by mistake. Only the schema (`postMortemIdSchema`) and
 * `parsePostMortemId` in contract create one.
 */
export type PostMortemId = string & { readonly __brand: 'PostMortemId' };
