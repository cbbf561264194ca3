export * from './postgresKeyStore';
