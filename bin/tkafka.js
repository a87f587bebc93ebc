#!/usr/bin/env node
// Thin shim: the compiled CLI lives in dist/. The compile cache makes repeat starts cheaper.
import module from 'node:module';
if (typeof module.enableCompileCache === 'function') module.enableCompileCache();
await import('../dist/cli/main.js');
