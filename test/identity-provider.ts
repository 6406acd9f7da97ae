/**
 * A real OpenID Connect provider (oidc-provider) on a random loopback port, for the single sign-on tests. It has
 * no login form: whoever `signInAs` names is signed in as soon as the provider asks (its interaction is finished at
 * once), and consent to the requested scopes is granted the same way.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider } from 'oidc-provider';

/** Someone the provider knows, with the claims it releases. */
export interface TestPerson {
  readonly sub: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly preferred_username?: string;
}

export interface TestIdentityProvider {
  readonly issuer: string;
  /** Who signs in at the next authorization request. */
  signInAs(person: TestPerson): void;
  close(): Promise<void>;
}

/** Starts the provider with one confidential client (client_secret_basic, authorization code, PKCE). */
export async function startIdentityProvider(client: {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
}): Promise<TestIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const people = new Map<string, TestPerson>();
  let current: TestPerson | undefined;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [...client.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['debrief-test-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    findAccount: async (_ctx: unknown, sub: string) => {
      const person = people.get(sub);
      return person === undefined ? undefined : { accountId: sub, claims: async () => ({ ...person }) };
    },
  });

  async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (current === undefined) throw new Error('the test named nobody to sign in (signInAs)');
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: current.sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = details.session?.accountId ?? '';
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    const scopes = details.prompt.details.missingOIDCScope;
    const claims = details.prompt.details.missingOIDCClaims;
    if (Array.isArray(scopes)) grant.addOIDCScope(scopes.join(' '));
    if (Array.isArray(claims)) grant.addOIDCClaims(claims as string[]);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    handle(req, res);
  });

  return {
    issuer,
    signInAs(person) {
      people.set(person.sub, person);
      current = person;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
