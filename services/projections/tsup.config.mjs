import { processBuild } from '@appeals/config-tsup';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// beside dist/main.js, the worker threads' modules: dist/topicsWorker.js runs the topics' clustering
// (createTopicsFinder), dist/rebuildWorker.js a rebuild's fold thread (rebuildShards.ts)
export default processBuild({
  entry: {
    main: 'src/main.ts',
    topicsWorker: require.resolve('@appeals/analytics/topicsWorker'),
    rebuildWorker: 'src/rebuildWorker.ts',
  },
});
