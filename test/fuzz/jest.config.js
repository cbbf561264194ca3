module.exports = { ...require('../../jest.base.js'), testTimeout: 180000 };
