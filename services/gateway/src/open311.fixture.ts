/// <reference types="jest" />
import { hashApiKey, open311ApiKeys } from '@appeals/appeal-http';
import { silentLogger } from '@appeals/http';
import request from 'supertest';
import { createEmbeddedSystem, type EmbeddedSystem } from './embedded';

/**
 * Tests only: an embedded system in memory serving Open311 GeoReport v2 to one client (`client`, whose key is `key`),
 * filing in Almaty (region 710000000) as applications, answering in English, started.
 */
export async function startOpen311System(key: string, client = 'city-app'): Promise<EmbeddedSystem> {
  const system = createEmbeddedSystem({
    dataDir: ':memory:',
    logger: silentLogger,
    open311: {
      apiKeys: open311ApiKeys(`${client}:${hashApiKey(key)}`),
      defaultRegion: '710000000',
      defaultKind: 'application',
      language: 'en',
    },
  });
  await system.start();
  return system;
}

/** What the portal answers a filing with. */
export interface PortalFiling {
  id: string;
  trackingCode: string;
  registrationNumber: string;
}

/** Files a tax appeal in Almaty through the portal API (`extra` added to its body) and waits for the views. */
export async function filePortalAppeal(
  system: EmbeddedSystem,
  extra: Record<string, unknown> = {},
): Promise<PortalFiling> {
  const filed = await request(system.app)
    .post('/api/v1/appeals')
    .send({
      kind: 'application',
      categoryId: 'taxes',
      regionKato: '710000000',
      language: 'ru',
      subject: 'Налог на имущество',
      text: 'Прошу пересчитать налог на имущество за прошлый год.',
      applicant: { type: 'individual', fullName: 'Ерлан Ахметов' },
      ...extra,
    });
  expect(filed.status).toBe(201);
  await system.settled();
  return filed.body as PortalFiling;
}

/** The applicant withdraws `filed` with its tracking code; waits for the views. */
export async function withdrawPortalAppeal(system: EmbeddedSystem, filed: PortalFiling): Promise<void> {
  const withdrawn = await request(system.app)
    .post(`/api/v1/appeals/${filed.id}/withdraw`)
    .set('x-tracking-code', filed.trackingCode)
    .send({});
  expect(withdrawn.status).toBe(200);
  await system.settled();
}

/** A pothole report as a city app files it (all but the api_key). */
export const POTHOLE = {
  service_code: 'roads_transport',
  lat: '51.1283',
  long: '71.4305',
  address_string: 'Kabanbay Batyr Ave 1, Astana',
  description: 'A deep pothole in the right lane, about a metre wide.',
  first_name: 'Aigerim',
  last_name: 'Sadykova',
  email: 'aigerim@example.kz',
};
