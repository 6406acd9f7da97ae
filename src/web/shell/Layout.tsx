/**
 * The frame of every signed-in page: skip link, header, `<main id="main">` holding the route. Signed-out
 * visitors are sent to the sign-in page with `next` naming where they were going.
 */
import { Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth.js';
import { Header } from './Header.js';
import { loginRouteFor } from './next-path.js';
import '../styles/shell.css';

/** A short "Loading…" that screen readers announce politely. */
export function Loading({ what = 'Loading…' }: { readonly what?: string }) {
  return (
    <p className="loading" role="status">
      {what}
    </p>
  );
}

/** The signed-in layout route. */
export function Layout() {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') return <Loading />;
  if (auth.status === 'signed-out') {
    return <Navigate to={loginRouteFor(location.pathname + location.search)} replace />;
  }
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
