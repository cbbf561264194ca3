export * from './relay.service';
