export * from './sqliteKeyStore';
