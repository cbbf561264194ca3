#!/usr/bin/env node
// `appeals`: the operator's command line, run from its TypeScript source as the other operator tools are (tsx).
require('tsx/cjs/api').register();
require('../src/main.ts');
