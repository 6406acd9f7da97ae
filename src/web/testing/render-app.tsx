/** Renders the whole application at an address, with a memory router, for component tests. */
import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { App, type AppRouter, appRoutes } from '../App.js';

/** Renders `<App>` at `route` (the application is at the root); returns the router to check where it went. */
export function renderApp(route: string): { router: AppRouter } {
  const router = createMemoryRouter(appRoutes, { initialEntries: [route] });
  render(<App router={router} />);
  return { router };
}

/** Where the router is, as an in-app route with its query (`/new`, `/?status=draft`). */
export function whereIs(router: AppRouter): string {
  const { pathname, search } = router.state.location;
  return pathname + search;
}
