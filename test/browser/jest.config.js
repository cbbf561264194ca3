// One browser at a time on a two-core machine: specs run one after another.
module.exports = { ...require('../../jest.base.js'), testTimeout: 120000, maxWorkers: 1 };
