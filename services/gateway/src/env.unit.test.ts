import { loadEnv } from './env';

describe('embedded configuration', () => {
  it('has sane defaults: port 8080 on localhost, data in ./data, kz-appk, dev auth on', () => {
    expect(loadEnv({ INIT_CWD: '/srv/appeals' })).toMatchObject({
      PORT: 8080,
      HOST: 'localhost',
      DATA_DIR: '/srv/appeals/data',
      APPEALS_PROFILE: 'kz-appk',
      DEV_AUTH: true,
    });
  });

  it('names every bad variable', () => {
    expect(() => loadEnv({ PORT: 'eighty', APPEALS_PROFILE: 'fr-crpa' })).toThrow(
      /PORT[\s\S]*APPEALS_PROFILE|APPEALS_PROFILE[\s\S]*PORT/,
    );
  });

  it('keeps an absolute DATA_DIR as given', () => {
    expect(loadEnv({ DATA_DIR: '/var/lib/appeals', INIT_CWD: '/elsewhere' }).DATA_DIR).toBe(
      '/var/lib/appeals',
    );
  });

  it('takes WEB_DIST_DIR relative to where the command was typed, and leaves it unset by default', () => {
    expect(loadEnv({ WEB_DIST_DIR: 'build/web', INIT_CWD: '/srv/appeals' }).WEB_DIST_DIR).toBe(
      '/srv/appeals/build/web',
    );
    expect(loadEnv({ INIT_CWD: '/srv/appeals' })).not.toHaveProperty('WEB_DIST_DIR');
  });

  it('reads PORT and turns dev auth off', () => {
    expect(loadEnv({ PORT: '9000', DEV_AUTH: 'false' })).toMatchObject({ PORT: 9000, DEV_AUTH: false });
  });

  it('signs in with an identity provider when AUTH_MODE=oidc: dev tokens off, the issuer required by name', () => {
    expect(() => loadEnv({ AUTH_MODE: 'oidc' })).toThrow(/OIDC_ISSUER: is required/);
    const oidc = {
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: 'https://id.example.org/realms/appeals',
      OIDC_JWKS_URI: 'https://id.example.org/realms/appeals/protocol/openid-connect/certs',
      OIDC_AUDIENCE: 'appeals-api',
    };
    expect(loadEnv(oidc)).toMatchObject({ DEV_AUTH: false, oidc: { mode: 'oidc', audience: 'appeals-api' } });
    expect(() => loadEnv({ ...oidc, DEV_AUTH: 'true' })).toThrow(/DEV_AUTH: must not be true/);
  });
});
