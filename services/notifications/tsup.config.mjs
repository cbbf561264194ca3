import { processBuild } from '@appeals/config-tsup';

export default processBuild();
