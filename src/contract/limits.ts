/**
 * Size limits shared by the file format, the API and the CLI. They bound memory and keep a hostile or broken
 * document from exhausting the server; each is generous for real post-mortems.
 */
export const LIMITS = {
  /** Bytes of a post-mortem file or request body. */
  documentBytes: 20 * 1024 * 1024,
  idLength: 64,
  titleLength: 300,
  shortTextLength: 2_000,
  textLength: 50_000,
  longTextLength: 500_000,
  tagLength: 64,
  /** Items in one list (timeline entries, recommendations, indicators...). */
  listItems: 20_000,
  /**
   * Nesting depth of the document (objects and lists). 64 leaves room for 5 Whys trees and fishbone causes
   * about 28 levels deep, and keeps every recursive step (validation, checks, rendering) far from the stack limit.
   */
  nestingDepth: 64,
} as const;
