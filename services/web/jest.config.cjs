// Unit tests of the pure modules (API client, problem mapping, deadline words, timeline, case actions).
module.exports = { ...require('../../jest.base.js') };
