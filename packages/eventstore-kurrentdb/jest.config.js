// The contract suite shares one KurrentDB and reads $all from its own head, so files run one at a time.
module.exports = { ...require('../../jest.base.js'), maxWorkers: 1 };
