/**
 * Setup of every test file: in component tests (happy-dom), Testing Library's `findBy…`/`waitFor` wait up to 5 s
 * instead of 1 s. Screens are loaded on demand (React.lazy), and on a busy 2-core machine running the whole suite
 * the first import of a section can take longer than a second; a missing element still fails, just later.
 */
if ('document' in globalThis) {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 5000 });
}
