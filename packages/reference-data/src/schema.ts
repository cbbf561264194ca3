import { z } from 'zod';

const Names = z.object({ kk: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) });
const Kato = z.string().regex(/^\d{9}$/);

export const RegionSchema = z.strictObject({ kato: Kato, parent: Kato.optional(), name: Names });
export const AgencySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,64}$/),
  parent: z.string().optional(),
  kind: z.enum(['central', 'local']),
  kato: Kato.optional(),
  lawEnforcement: z.boolean().optional(),
  /** reviews complaints about this body instead of its parent (a body at the top has no parent to) */
  complaintReviewer: z.string().optional(),
  name: Names,
});
export const CategorySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{2,64}$/),
  name: Names,
  guidance: z.object({ kk: z.string().optional(), ru: z.string().optional(), en: z.string() }),
});
export const RoutingRuleSchema = z.strictObject({
  id: z.string().min(1),
  priority: z.number().int(),
  categoryId: z.string().optional(),
  kinds: z.array(z.string()).optional(),
  katoPrefix: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional(),
  agencyId: z.string(),
});
export const ReferenceDataSchema = z.strictObject({
  source: z.string(),
  regions: z.array(RegionSchema),
  agencies: z.array(AgencySchema),
  categories: z.array(CategorySchema),
  routingRules: z.array(RoutingRuleSchema),
});

export type Region = z.infer<typeof RegionSchema>;
export type Agency = z.infer<typeof AgencySchema>;
export type Category = z.infer<typeof CategorySchema>;
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;
