import { createInMemoryEventStore } from '@appeals/eventstore';
import {
  createInMemoryKeyStore,
  createPersonalDataVault,
  generateMasterKey,
  masterKeysFrom,
} from '@appeals/personal-data';
import { demoCatalog } from '@appeals/reference-data';
import { createCore, PROFILE_IDS } from './core';

const api = { title: 'appeals (core test)', version: '0.0.0' };

describe('createCore', () => {
  it('composes the catalog, the jurisdictions of every shipped profile and an empty registry', () => {
    const catalog = demoCatalog();
    const core = createCore({ catalog, api });
    expect(core.catalog).toBe(catalog);
    expect(core.profileId).toBe('kz-appk');
    expect(PROFILE_IDS).toEqual(['kz-appk', 'ru-59fz']);
    expect(core.profileIds).toBe(PROFILE_IDS);
    for (const id of PROFILE_IDS) expect(core.jurisdictions.profile(id).id).toBe(id);
    expect(core.registry.document().info).toMatchObject(api);
    expect(core.registry.routes()).toEqual([]);
    expect('commands' in core).toBe(false);
  });

  it('runs appeal commands on the store and vault it is given', async () => {
    const store = createInMemoryEventStore();
    const vault = createPersonalDataVault({
      keys: createInMemoryKeyStore(),
      masterKeys: masterKeysFrom({ key: generateMasterKey() }),
    });
    const core = createCore({ catalog: demoCatalog(), api, profileId: 'ru-59fz', store, vault });
    expect(core.profileId).toBe('ru-59fz');
    expect(core.commands.vault).toBe(vault);
  });
});
