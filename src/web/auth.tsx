/**
 * Who is signed in: the auth context of the web application. It asks `GET /api/auth/me` once (a 401 means
 * signed out), keeps the user, their permissions and the session's CSRF token (handed to api.ts for writes),
 * signs in with `POST /api/auth/login` and out with `POST /api/auth/logout`.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import type { meResponseSchema, sessionResponseSchema, userSchema } from '../contract/accounts.js';
import type { Permission } from '../core/access.js';
import { ApiError, apiGet, apiSend, setCsrfToken } from './api.js';

/** The signed-in account, as `GET /api/auth/me` describes it. */
export type User = z.infer<typeof userSchema>;
/** `GET /api/auth/me`. */
export type Me = z.infer<typeof meResponseSchema>;
type Session = z.infer<typeof sessionResponseSchema>;

/** The auth state and what can be done with it. */
export interface AuthState {
  /** `loading` until the first answer of `/api/auth/me`. */
  readonly status: 'loading' | 'signed-in' | 'signed-out';
  readonly user: User | undefined;
  readonly permissions: readonly Permission[];
  readonly csrfToken: string | undefined;
  /** May the signed-in user do this (their role's permission)? False when signed out. */
  can(permission: Permission): boolean;
  /**
   * Signs in; throws the server's `ApiError` when refused (see `secondFactorRequired` for a missing or wrong
   * one-time code).
   */
  signIn(username: string, password: string, code?: string): Promise<void>;
  /** Ends the session on the server, then forgets it here. */
  signOut(): Promise<void>;
  /** Forgets the session without asking the server (it already said the session is gone). */
  markSignedOut(): void;
  /** Reads who is signed in again (after a route that signs in by itself, such as first-run setup). */
  refresh(): Promise<void>;
}

/** Did the server refuse a sign-in because a one-time code is needed (missing or wrong)? */
export function secondFactorRequired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.details?.mfa === 'totp';
}

const AuthContext = createContext<AuthState | undefined>(undefined);

interface Known {
  readonly status: AuthState['status'];
  readonly me?: Me;
}

/** Provides the auth state to the application (loads who is signed in on mount). */
export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const [known, setKnown] = useState<Known>({ status: 'loading' });

  const loadMe = useCallback(async (): Promise<void> => {
    try {
      const me = await apiGet<Me>('/auth/me', undefined, { expect401: true });
      setCsrfToken(me.csrfToken);
      setKnown({ status: 'signed-in', me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(undefined);
        setKnown({ status: 'signed-out' });
        return;
      }
      throw error;
    }
  }, []);

  useEffect(() => {
    loadMe().catch(() => {
      // The server did not answer: show the sign-in page, which reports the problem when used.
      setKnown({ status: 'signed-out' });
    });
  }, [loadMe]);

  const signIn = useCallback(
    async (username: string, password: string, code?: string): Promise<void> => {
      const body = { username, password, ...(code === undefined || code === '' ? {} : { code }) };
      const session = await apiSend<Session>('POST', '/auth/login', body, { expect401: true });
      setCsrfToken(session.csrfToken);
      // The sign-in answer names the user; the permissions come with /auth/me.
      await loadMe();
    },
    [loadMe],
  );

  const markSignedOut = useCallback(() => {
    setCsrfToken(undefined);
    setKnown({ status: 'signed-out' });
  }, []);

  const signOut = useCallback(async (): Promise<void> => {
    try {
      await apiSend<undefined>('POST', '/auth/logout', undefined, { expect401: true });
    } finally {
      markSignedOut();
    }
  }, [markSignedOut]);

  const value = useMemo<AuthState>(() => {
    const permissions = known.me?.permissions ?? [];
    return {
      status: known.status,
      user: known.me?.user,
      permissions,
      csrfToken: known.me?.csrfToken,
      can: (permission) => known.status === 'signed-in' && permissions.includes(permission),
      signIn,
      signOut,
      markSignedOut,
      refresh: loadMe,
    };
  }, [known, signIn, signOut, markSignedOut, loadMe]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The auth state; must be used under `AuthProvider`. */
export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (state === undefined) throw new Error('useAuth() is used outside <AuthProvider>');
  return state;
}
