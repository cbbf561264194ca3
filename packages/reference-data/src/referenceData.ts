import demo from './seed/demo.json';
import { ReferenceDataSchema, type Agency, type ReferenceData, type RoutingRule } from './schema';

/** Lookups over validated reference data: agency tree, categories, regions and routing rules. */
export class Catalog {
  private readonly agencies: Map<string, Agency>;

  constructor(readonly data: ReferenceData) {
    this.agencies = new Map(data.agencies.map((a) => [a.id, a]));
    for (const a of data.agencies) {
      if (a.parent && !this.agencies.has(a.parent))
        throw new Error(`Agency ${a.id}: unknown parent ${a.parent}`);
      if (a.complaintReviewer === a.id)
        throw new Error(`Agency ${a.id}: a body cannot review complaints about itself`);
      if (a.complaintReviewer && !this.agencies.has(a.complaintReviewer))
        throw new Error(`Agency ${a.id}: unknown complaint reviewer ${a.complaintReviewer}`);
    }
    for (const r of data.routingRules) {
      if (!this.agencies.has(r.agencyId))
        throw new Error(`Routing rule ${r.id}: unknown agency ${r.agencyId}`);
    }
  }

  agency(id: string): Agency | undefined {
    return this.agencies.get(id);
  }

  hasCategory(id: string): boolean {
    return this.data.categories.some((c) => c.id === id);
  }

  hasRegion(kato: string): boolean {
    return this.data.regions.some((r) => r.kato === kato);
  }

  /** The top of the agency tree (the triage desk for appeals no rule could route). */
  root(): string {
    const top = this.data.agencies.find((a) => a.parent === undefined);
    if (!top) throw new Error('The agency tree has no root');
    return top.id;
  }

  /**
   * The body that reviews complaints about `agencyId` (APPK Art. 91): the reviewer the data configures for it, else
   * its parent; none for the top of the tree without one (a body never reviews complaints about itself).
   */
  complaintReviewer(agencyId: string): string | undefined {
    const agency = this.agencies.get(agencyId);
    return agency?.complaintReviewer ?? agency?.parent;
  }

  /** True when `agencyId` is `rootId` or below it in the tree. */
  isWithin(agencyId: string, rootId: string): boolean {
    for (let cur: string | undefined = agencyId; cur; cur = this.agencies.get(cur)?.parent) {
      if (cur === rootId) return true;
    }
    return false;
  }

  /** The agency and every body below it. */
  subtree(rootId: string): string[] {
    return this.data.agencies.filter((a) => this.isWithin(a.id, rootId)).map((a) => a.id);
  }

  /** The law-enforcement body that anonymous reports of crimes or threats go to. */
  lawEnforcementAgency(): string | undefined {
    return this.data.agencies.find((a) => a.lawEnforcement)?.id;
  }

  /** Picks the highest-priority rule matching category × region × kind (longest KATO prefix wins ties). */
  route(input: { categoryId: string; regionKato: string; kind: string }): RoutingRule | undefined {
    const matches = this.data.routingRules.filter(
      (r) =>
        (r.categoryId === undefined || r.categoryId === input.categoryId) &&
        (r.kinds === undefined || r.kinds.includes(input.kind)) &&
        (r.katoPrefix === undefined || input.regionKato.startsWith(r.katoPrefix)),
    );
    matches.sort(
      (a, b) => b.priority - a.priority || (b.katoPrefix?.length ?? 0) - (a.katoPrefix?.length ?? 0),
    );
    return matches[0];
  }
}

/** Validates raw reference data (throws a ZodError naming the bad entry). */
export const loadReferenceData = (raw: unknown): Catalog => new Catalog(ReferenceDataSchema.parse(raw));

/** The demo seed loaded on first start. */
export const demoCatalog = (): Catalog => loadReferenceData(demo);
