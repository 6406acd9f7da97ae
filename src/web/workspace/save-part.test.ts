// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostMortem } from '../../core/model.js';
import { setCsrfToken } from '../api.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { type DocumentPart, keepMine, sameJson, savePart } from './save-part.js';
import { DOC_ID, etagOf, storedDoc } from './workspace-fixtures.js';

const path = `/api/post-mortems/${DOC_ID}`;
const tags: DocumentPart<readonly string[]> = {
  get: (doc) => doc.tags,
  set: (doc, value) => ({ ...doc, tags: [...value] }),
};

let server: FakeServer;
beforeEach(() => {
  server = new FakeServer().install();
  setCsrfToken('csrf-1');
});
afterEach(() => {
  server.uninstall();
  setCsrfToken(undefined);
});

/** The server's stored version: `version`, with `changes` applied. */
function stored(version: number, changes: Partial<PostMortem> = {}) {
  return { body: { ...storedDoc({ version }), ...changes }, headers: { etag: etagOf(version) } };
}

describe('savePart', () => {
  it('replaces the document with If-Match and the CSRF header', async () => {
    server.on('PUT', path, (request) => ({ body: request.body, headers: { etag: etagOf(4) } }));
    const outcome = await savePart(DOC_ID, tags, storedDoc(), etagOf(3), [], ['phishing']);
    expect(outcome).toMatchObject({ kind: 'saved', merged: false, etag: etagOf(4) });
    const [put] = server.made('PUT', path);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    expect(put?.headers['x-csrf-token']).toBe('csrf-1');
    expect(put?.body).toMatchObject({ tags: ['phishing'] });
    expect((put?.body as PostMortem | undefined)?.tags).toEqual(['phishing']);
  });

  it('lays my part onto their version when they left it alone, keeping their other changes', async () => {
    server.on('PUT', path, (request) =>
      request.headers['if-match'] === etagOf(3)
        ? errorAnswer(409, 'version_conflict', 'stale')
        : { body: request.body, headers: { etag: etagOf(5) } },
    );
    server.on('GET', path, stored(4, { title: 'Their new title' }));
    const outcome = await savePart(DOC_ID, tags, storedDoc(), etagOf(3), [], ['phishing']);
    expect(outcome).toMatchObject({ kind: 'saved', merged: true, etag: etagOf(5) });
    const puts = server.made('PUT', path);
    expect(puts).toHaveLength(2);
    expect(puts[1]?.headers['if-match']).toBe(etagOf(4));
    expect(puts[1]?.body).toMatchObject({ title: 'Their new title', tags: ['phishing'] });
  });

  it('returns both versions when both changed the part, and keepMine saves mine over theirs', async () => {
    server.on('PUT', path, (request) =>
      request.headers['if-match'] === etagOf(4)
        ? { body: request.body, headers: { etag: etagOf(5) } }
        : errorAnswer(409, 'version_conflict', 'stale'),
    );
    server.on('GET', path, stored(4, { tags: ['theirs'] }));
    const outcome = await savePart(DOC_ID, tags, storedDoc(), etagOf(3), [], ['mine']);
    if (outcome.kind !== 'conflict') throw new Error('expected a conflict');
    expect(outcome.conflict.mine).toEqual(['mine']);
    expect(outcome.conflict.theirs).toEqual(['theirs']);
    expect(server.made('PUT', path)).toHaveLength(1);
    const kept = await keepMine(DOC_ID, tags, outcome.conflict);
    expect(kept).toMatchObject({ kind: 'saved', etag: etagOf(5) });
    expect(server.made('PUT', path)[1]?.body).toMatchObject({ tags: ['mine'] });
  });

  it('saves nothing when they stored exactly my part', async () => {
    server.on('PUT', path, errorAnswer(409, 'version_conflict', 'stale'));
    server.on('GET', path, stored(4, { tags: ['same'] }));
    const outcome = await savePart(DOC_ID, tags, storedDoc(), etagOf(3), [], ['same']);
    expect(outcome).toMatchObject({ kind: 'saved', merged: true, etag: etagOf(4) });
    expect(server.made('PUT', path)).toHaveLength(1);
  });

  it('throws other errors', async () => {
    server.on('PUT', path, errorAnswer(422, 'invalid_input', 'tags: too long'));
    await expect(savePart(DOC_ID, tags, storedDoc(), etagOf(3), [], ['x'])).rejects.toThrow('tags: too long');
  });
});

describe('sameJson', () => {
  it('ignores key order and undefined keys, and sees every difference', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
