import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import {
  claimMapper,
  isInvalidTokenError,
  InvalidTokenError,
  principalFromClaims,
  type ClaimNames,
} from './claims';
import type { Principal } from './roles';

// Token verifiers: HS256 for the dev issuer's tokens, a remote JWKS (asymmetric algorithms only) in production.

/** Checks a bearer token and says who sent it. */
export interface TokenVerifier {
  /** resolves the principal; rejects with {@link InvalidTokenError} for a bad token, anything else for an outage */
  verify(token: string): Promise<Principal>;
}

/** Outages of the key source stay server errors; every other JOSE failure is the token's fault. */
const isKeySourceOutage = (err: unknown): boolean =>
  err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid;

const toTokenError = (err: unknown): unknown => {
  if (isInvalidTokenError(err) || isKeySourceOutage(err)) return err;
  if (err instanceof joseErrors.JWTExpired)
    return new InvalidTokenError('The access token has expired.', err.code);
  if (err instanceof joseErrors.JOSEError)
    return new InvalidTokenError('The access token is invalid.', err.code);
  return err;
};

interface VerifyOptions {
  issuer: string;
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  toPrincipal: (payload: JWTPayload) => Principal;
}

const verifierFor = (key: Uint8Array | JWTVerifyGetKey, options: VerifyOptions): TokenVerifier => ({
  async verify(token) {
    try {
      const verifyOptions = {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: options.algorithms,
        clockTolerance: options.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      };
      const { payload } =
        key instanceof Uint8Array
          ? await jwtVerify(token, key, verifyOptions)
          : await jwtVerify(token, key, verifyOptions);
      return options.toPrincipal(payload);
    } catch (err) {
      throw toTokenError(err);
    }
  },
});

export interface TokenVerifierOptions {
  /** the HS256 secret shared with the issuer (a dev issuer exposes its own) */
  secret: Uint8Array;
  issuer?: string;
  audience?: string;
  clockToleranceSeconds?: number;
}

/** Verifier for HS256 tokens from {@link createDevTokenIssuer}; `createTokenVerifier(devIssuer)` works as is. */
export const createTokenVerifier = ({
  secret,
  issuer = 'appeals-dev',
  audience = 'appeals',
  clockToleranceSeconds = 5,
}: TokenVerifierOptions): TokenVerifier =>
  verifierFor(secret, {
    issuer,
    audience,
    algorithms: ['HS256'],
    clockToleranceSeconds,
    toPrincipal: principalFromClaims,
  });

/** Signature algorithms a JWKS verifier may accept: asymmetric only (never `none`, never a shared-secret HS*). */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export interface JwksVerifierOptions {
  /** the identity provider's key set, e.g. `https://idp.example/realms/appeals/protocol/openid-connect/certs` */
  jwksUri: string | URL;
  issuer: string;
  audience: string;
  algorithms?: string[];
  clockToleranceSeconds?: number;
  /** after a fetch, an unknown `kid` refetches the key set only this much later (default 30 000; a rotation waits) */
  keySetCooldownMs?: number;
  /** where the provider puts role, agency and name (see {@link claimMapper}); ignored when toPrincipal is given */
  claims?: Partial<ClaimNames>;
  /** maps the provider's claims to a principal when {@link claimMapper} does not fit */
  toPrincipal?: (payload: JWTPayload) => Principal;
}

/**
 * Production verifier: asymmetric tokens checked against a remote JWKS (keys fetched over HTTP, cached and
 * refreshed by jose on an unknown `kid`), with issuer, audience, expiry (± clock tolerance) and an algorithm
 * allow-list. Throws at construction for `none` or a symmetric algorithm, so HS256 dev tokens can never pass.
 */
export const createJwksVerifier = ({
  jwksUri,
  issuer,
  audience,
  algorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'],
  clockToleranceSeconds = 5,
  keySetCooldownMs = 30_000,
  claims,
  toPrincipal = claimMapper(claims),
}: JwksVerifierOptions): TokenVerifier => {
  const refused = algorithms.filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg));
  if (refused.length > 0 || algorithms.length === 0)
    throw new Error(
      `A JWKS verifier accepts only asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); refused: ${refused.join(', ') || '(none given)'}.`,
    );
  return verifierFor(createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: keySetCooldownMs }), {
    issuer,
    audience,
    algorithms,
    clockToleranceSeconds,
    toPrincipal,
  });
};
