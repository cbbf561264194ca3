import { processBuild } from '@appeals/config-tsup';

// dist/main.js is the gateway of cluster mode (the production process); `pnpm start` runs embedded mode from source.
export default processBuild({ entry: { main: 'src/main.cluster.ts' } });
