/**
 * Presenters: what the API returns for domain objects. The wire schemas in contract/api.ts describe these
 * shapes; the domain types are readonly views of the same data, so presenting is a typed identity here and the
 * place to shape responses when they start to differ (redaction, links).
 */
import type { z } from 'zod';
import type { postMortemPageSchema, storedPostMortemSchema } from '../contract/api.js';
import type { PostMortem } from '../core/model.js';
import type { PostMortemPage } from '../services/list-post-mortems.js';

/** The full document as the API returns it. */
export function presentPostMortem(doc: PostMortem): z.output<typeof storedPostMortemSchema> {
  // Readonly domain data and the schema's mutable output type describe the same JSON.
  return doc as z.output<typeof storedPostMortemSchema>;
}

/** A page of summaries as the API returns it. */
export function presentPage(page: PostMortemPage): z.output<typeof postMortemPageSchema> {
  return page as z.output<typeof postMortemPageSchema>;
}
