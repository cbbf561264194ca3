import type { Jurisdictions } from '@appeals/appeal-application';
import { guardedRouter, type ApiRegistry } from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import type { Router } from 'express';
import { intakePolicy } from './intake.policy';

/** GET /catalog: what a citizen chooses from — kinds with their terms, categories, regions, agencies. */
export function catalogRouter(deps: {
  catalog: Catalog;
  jurisdictions: Jurisdictions;
  profileId: string;
  registry: ApiRegistry;
}): Router {
  const routes = guardedRouter(intakePolicy);
  deps.registry.register({
    method: 'get',
    path: '/api/v1/catalog',
    summary: 'Kinds of appeal with their terms, categories, regions (KATO) and agencies',
    tags: ['catalog'],
    responses: { 200: { description: 'The catalog' } },
  });
  routes.get('/catalog', (_req, res) => {
    const profile = deps.jurisdictions.profile(deps.profileId);
    res.set('Cache-Control', 'public, max-age=300').json({
      profile: {
        id: profile.id,
        name: profile.name,
        stateLanguage: profile.stateLanguage,
        languages: profile.languages,
      },
      kinds: profile.kinds,
      categories: deps.catalog.data.categories,
      regions: deps.catalog.data.regions,
      agencies: deps.catalog.data.agencies,
    });
  });
  return routes.router;
}
