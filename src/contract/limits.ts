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
  /** Depth of nested whys and fishbone sub-causes. */
  treeDepth: 20,
} as const;
