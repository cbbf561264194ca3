export * from './leader';
export * from './relay.service';
