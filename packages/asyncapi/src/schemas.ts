import { z } from 'zod';
import { createSchema } from 'zod-openapi';
import { AllEventSchemas, EventEnvelope, EventMetadataSchema } from '@appeals/contracts';

// The payload schemas of the AsyncAPI document, rendered from the contracts' zod schemas by the same machinery as the
// OpenAPI document (zod-openapi): a schema named with `.meta({ id })` becomes a shared component referred to by
// `#/components/schemas/<id>`, everything else is inlined.

/** A JSON Schema object as the document carries it. */
export type JsonSchema = Record<string, unknown>;

/** The rendered schemas: one per event type's payload, the envelope, and the shared components they refer to. */
export interface RenderedSchemas {
  /** event type → the JSON Schema of its current payload */
  payloads: Record<string, JsonSchema>;
  envelope: JsonSchema;
  metadata: JsonSchema;
  /** named components (`AppealId`, `Sealed`, `Instant`…) the payloads refer to */
  components: Record<string, JsonSchema>;
}

/** Wraps every schema in one object so shared components are rendered once and named alike. */
export function renderSchemas(schemas: Record<string, z.ZodType> = AllEventSchemas): RenderedSchemas {
  const all = z.object({ ...schemas, '@envelope': EventEnvelope, '@metadata': EventMetadataSchema });
  const { schema, components } = createSchema(all, { io: 'output', openapiVersion: '3.1.0' });
  const properties = (schema as { properties: Record<string, JsonSchema> }).properties;
  const { '@envelope': envelope, '@metadata': metadata, ...payloads } = properties;
  return {
    payloads,
    envelope: envelope!,
    metadata: metadata!,
    components: components as Record<string, JsonSchema>,
  };
}

/** `#/components/schemas/<name>` */
export const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
