import {
  createAppealCommands,
  createJurisdictions,
  type AppealCommands,
  type Jurisdictions,
} from '@appeals/appeal-application';
import { builtinProfiles, defaultProfileId, type BuiltinProfileId } from '@appeals/calendar';
import type { EventStore } from '@appeals/eventstore';
import { createApiRegistry, type ApiRegistry, type ApiRegistryOptions } from '@appeals/http';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { Catalog } from '@appeals/reference-data';

/** A jurisdiction profile the platform ships (`kz-appk`, `ru-59fz`). */
export type ProfileId = BuiltinProfileId;

/** Every shipped jurisdiction profile: a process loads the stored calendar years of each. */
export const PROFILE_IDS = Object.keys(builtinProfiles) as readonly ProfileId[];

/** What a composition root decides about the core: configuration, no connection. */
export interface CoreConfig {
  /** agencies, categories, regions and routing rules ({@link loadCatalog}: CATALOG_FILE, else the demo seed) */
  catalog: Catalog;
  /** jurisdiction profile of new appeals (default `kz-appk`) */
  profileId?: ProfileId | undefined;
  /** title, version and description of the OpenAPI document the services describe their routes in */
  api: ApiRegistryOptions;
}

/** The ports the appeal commands run on: the event store they append to, the vault that seals personal data. */
export interface CommandPorts {
  store: EventStore;
  vault: PersonalDataVault;
}

/** The pieces every composition shares, whatever it runs on. */
export interface Core {
  catalog: Catalog;
  /** profiles with this process's working-day calendars (stored years are added as they are loaded) */
  jurisdictions: Jurisdictions;
  /** jurisdiction profile of new appeals */
  profileId: ProfileId;
  /** every profile whose stored calendar years this process follows */
  profileIds: readonly ProfileId[];
  /** the routes the composed services serve, as one OpenAPI document */
  registry: ApiRegistry;
}

/** The core with the appeal commands, when it was given the ports they run on. */
export interface CoreWithCommands extends Core {
  commands: AppealCommands;
}

/**
 * The one composition of the core: the embedded system, every service process and the test platform call it, and
 * differ only in the adapters they give it. Without {@link CommandPorts} it has no commands (a process that runs
 * none, like the agency feed, connects neither the vault nor the commands' store).
 *
 * @example
 * const core = createCore({ catalog: loadCatalog(env.CATALOG_FILE), api: { title: 'API', version: '1.0.0' }, store, vault });
 * createIntakeService({ ...core, store, clock, idempotency });
 */
export function createCore(config: CoreConfig & CommandPorts): CoreWithCommands;
export function createCore(config: CoreConfig): Core;
export function createCore(config: CoreConfig & Partial<CommandPorts>): Core | CoreWithCommands {
  const jurisdictions = createJurisdictions();
  const core: Core = {
    catalog: config.catalog,
    jurisdictions,
    profileId: config.profileId ?? defaultProfileId,
    profileIds: PROFILE_IDS,
    registry: createApiRegistry(config.api),
  };
  if (!config.store || !config.vault) return core;
  return { ...core, commands: createAppealCommands(config.store, jurisdictions.rulesFor, config.vault) };
}
