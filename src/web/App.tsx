/**
 * The application: its routes (at the root, the shared UI contract), the auth provider, and the hook that
 * sends a user whose session ended to the sign-in page with `next` naming where they were.
 * Every page is loaded on demand (React.lazy), so the first download stays small.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import {
  createBrowserRouter,
  isRouteErrorResponse,
  Link,
  type RouteObject,
  RouterProvider,
  useRouteError,
} from 'react-router';
import { onUnauthenticated } from './api.js';
import { AuthProvider, useAuth } from './auth.js';
import { Layout, Loading } from './shell/Layout.js';
import { APP_BASE } from './shell/next-path.js';
import './styles/base.css';

const LoginPage = lazy(() => import('./pages/LoginPage.js').then((m) => ({ default: m.LoginPage })));
const PostMortemListPage = lazy(() =>
  import('./pages/PostMortemListPage.js').then((m) => ({ default: m.PostMortemListPage })),
);
const NewPostMortemPage = lazy(() =>
  import('./pages/NewPostMortemPage.js').then((m) => ({ default: m.NewPostMortemPage })),
);
const SetupPage = lazy(() => import('./pages/AccountPages.js').then((m) => ({ default: m.SetupPage })));
const ResetPage = lazy(() => import('./pages/AccountPages.js').then((m) => ({ default: m.ResetPage })));
const InsightsPage = lazy(() => import('./pages/InsightsPage.js').then((m) => ({ default: m.InsightsPage })));
const ActionsPage = lazy(() => import('./pages/ActionsPage.js').then((m) => ({ default: m.ActionsPage })));
const WorkspacePage = lazy(() =>
  import('./workspace/WorkspacePage.js').then((m) => ({ default: m.WorkspacePage })),
);

/** What a route shows when it fails to load or render (a chunk missing after a deploy, a bug). */
function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'something went wrong';
  return (
    <main id="main" className="page">
      <h1>This page could not be shown</h1>
      <p role="alert">{message}</p>
      <p>
        <a href={APP_BASE}>Back to the post-mortems</a> (reloads the application).
      </p>
    </main>
  );
}

function NotFoundPage() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Back to the post-mortems</Link>
      </p>
    </section>
  );
}

/**
 * The route table of the shared UI contract. The server answers `index.html` for these paths (APP_PATHS in
 * src/server/routes/web-app.ts): keep both lists together.
 */
export const appRoutes: RouteObject[] = [
  {
    path: '/login',
    element: (
      <Suspense fallback={<Loading />}>
        <LoginPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/setup',
    element: (
      <Suspense fallback={<Loading />}>
        <SetupPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/reset',
    element: (
      <Suspense fallback={<Loading />}>
        <ResetPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <PostMortemListPage /> },
      { path: 'new', element: <NewPostMortemPage /> },
      { path: 'insights', element: <InsightsPage /> },
      { path: 'actions', element: <ActionsPage /> },
      { path: 'post-mortems/:id', element: <WorkspacePage /> },
      { path: 'post-mortems/:id/:section', element: <WorkspacePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/** The router type both the browser router and the tests' memory router satisfy. */
export type AppRouter = ReturnType<typeof createBrowserRouter>;

/**
 * Forgets the session when any API call finds it gone: the signed-in layout then sends the user to the sign-in
 * page with `next` naming where they were (shell/Layout.tsx).
 */
function SessionWatch() {
  const { markSignedOut } = useAuth();
  useEffect(() => onUnauthenticated(markSignedOut), [markSignedOut]);
  return null;
}

/** The application; `router` lets tests pass a memory router built from `appRoutes`. */
export function App({ router }: { readonly router?: AppRouter }) {
  const [appRouter] = useState<AppRouter>(
    () => router ?? createBrowserRouter(appRoutes, { basename: APP_BASE }),
  );
  return (
    <AuthProvider>
      <SessionWatch />
      <RouterProvider router={appRouter} />
    </AuthProvider>
  );
}
