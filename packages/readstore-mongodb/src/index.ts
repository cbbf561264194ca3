export { COLLECTION_PREFIX, createMongoReadStore, type MongoReadStoreOptions } from './mongoReadStore';
