import { createCheckpointSigner } from '@appeals/chain';
import { runService } from '@appeals/service-host';
import { createAuditService } from './audit.service';
import { loadChainEnv, type ChainEnv } from './env';

/** The audit service as its own process: `node services/audit/dist/main.js` (configuration: @appeals/service-host). */
let chainEnv: ChainEnv;
try {
  chainEnv = loadChainEnv();
} catch (error) {
  console.error(`audit: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const signer = chainEnv.CHAIN_SIGNING_KEY ? createCheckpointSigner(chainEnv.CHAIN_SIGNING_KEY) : undefined;
runService({
  name: 'audit',
  ports: ['store', 'chain', 'bus', 'views', 'commands'],
  build: (deps) => {
    if (signer) deps.logger.info({ keyId: signer.keyId }, 'signing checkpoints of the global chain');
    else
      deps.logger.warn(
        'CHAIN_SIGNING_KEY is not set: the global chain is sealed but no checkpoint is signed',
      );
    return createAuditService({
      ...deps,
      chain: {
        store: deps.chain,
        signer,
        checkpointEveryEvents: chainEnv.CHAIN_CHECKPOINT_EVERY_EVENTS,
        checkpointIntervalSeconds: chainEnv.CHAIN_CHECKPOINT_INTERVAL_SECONDS,
        sealDelayMs: chainEnv.CHAIN_SEAL_DELAY_MS,
      },
    });
  },
});
