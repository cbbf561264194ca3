export * from './agencyFeed';
export * from './agencyFeed.service';
