export { startWalCheckpointer, type WalCheckpointer, type WalCheckpointerOptions } from './walCheckpointer';
