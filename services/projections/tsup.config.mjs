import { processBuild } from '@appeals/config-tsup';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// dist/topicsWorker.js beside dist/main.js: the topics' clustering runs on that worker thread (createTopicsFinder)
export default processBuild({
  entry: { main: 'src/main.ts', topicsWorker: require.resolve('@appeals/analytics/topicsWorker') },
});
