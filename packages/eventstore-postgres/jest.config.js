// One file at a time: the files share one PostgreSQL cluster, and readAll waits for every older write
// transaction in it, so the watermark tests' deliberately open transaction would stall another file's reads.
module.exports = { ...require('../../jest.base.js'), maxWorkers: 1 };
