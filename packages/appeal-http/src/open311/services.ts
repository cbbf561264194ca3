import type { Catalog } from '@appeals/reference-data';

/** Names in the three languages of the platform. */
type Names = { kk: string; ru: string; en: string };
export type Open311Language = keyof Names;

/** A kind of appeal as the Open311 definitions offer it (the profile's kinds: code and names). */
export interface Open311Kind {
  code: string;
  name: { kk?: string | undefined; ru: string; en: string };
}

/** One entry of `GET services.json`: a category of appeal as a GeoReport v2 service. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/**
 * Categories are the services: the category id is the service code, its name and guidance in the asked language
 * are the name and description. Every service has metadata (its definition offers region, kind and language).
 */
export function open311Services(catalog: Catalog, language: Open311Language): Open311Service[] {
  return catalog.data.categories.map((category) => ({
    service_code: category.id,
    service_name: category.name[language],
    description: category.guidance[language] ?? category.guidance.en,
    metadata: true,
    type: 'realtime',
    keywords: '',
    group: '',
  }));
}

/** The `attribute[…]` codes a filing reads; each is optional (the edge's settings give the defaults). */
export const OPEN311_ATTRIBUTES = ['region', 'kind', 'language'] as const;
export type Open311AttributeCode = (typeof OPEN311_ATTRIBUTES)[number];

const choice = (key: string, name: string) => ({ key, name });

/**
 * `GET services/{code}.json`: the attributes a filing may give, all optional single-value lists: the region (KATO;
 * else the `jurisdiction_id` when it is a KATO code, else the configured default region), the kind of appeal
 * (default: the configured kind) and the language of the text (default: the configured language).
 */
export function open311Definition(
  catalog: Catalog,
  kinds: readonly Open311Kind[],
  serviceCode: string,
  language: Open311Language,
) {
  const attribute = (order: number, code: Open311AttributeCode, description: string, values: unknown[]) => ({
    variable: true,
    code,
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: description,
    order,
    description,
    values,
  });
  return {
    service_code: serviceCode,
    attributes: [
      attribute(
        1,
        'region',
        'Region or city (KATO code) the matter is in',
        catalog.data.regions.map((r) => choice(r.kato, r.name[language])),
      ),
      attribute(
        2,
        'kind',
        'Kind of appeal (its review term follows it)',
        kinds.map((k) => choice(k.code, k.name[language] ?? k.name.ru)),
      ),
      attribute(3, 'language', 'Language of the description (and of the answer)', [
        choice('kk', 'Қазақша'),
        choice('ru', 'Русский'),
        choice('en', 'English'),
      ]),
    ],
  };
}
