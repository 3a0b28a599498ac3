// A real OpenID provider for the browser suite: the certified `oidc-provider` package with one
// client for Kring (authorization code with PKCE required, RP-initiated logout) and its
// built-in development login page, where any e-mail address signs in as itself (the account's
// `sub` and `email`). `wijkteam@voorbeeld.nl` is a demo account of Kring; any other address is
// a user Kring does not know.
//
//   KRING_PUBLIC_URL=http://127.0.0.1:8080 node oidc-provider.mjs
//
// Listens on a free port of 127.0.0.1 and prints "OpenID-provider op http://localhost:PORT"
// (the issuer: `localhost`, so the provider is another site than Kring at 127.0.0.1 and the
// return from it tests Kring's SameSite=Lax cookies as a real provider would).

import Provider from 'oidc-provider';
import { createServer } from 'node:http';

export const CLIENT_ID = 'kring';
export const CLIENT_SECRET = 'kring-test-geheim';

const kring = process.env.KRING_PUBLIC_URL;
if (!kring) {
  throw new Error('KRING_PUBLIC_URL is not set (the address Kring will listen on)');
}

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://localhost:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [`${kring}/inloggen/oidc/terug`],
      post_logout_redirect_uris: [`${kring}/inloggen`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Any login is an account whose subject and e-mail address are what was typed.
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: id.split('@')[0] };
      },
    };
  },
  // Kring is the municipality's own application: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
});
// The development keys and interactions warn on every start; they are what this is for.
provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));

server.on('request', provider.callback());
console.log(`OpenID-provider op ${issuer}`);
