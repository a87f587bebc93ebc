'use strict';
// CommonJS entry of `tkafka` (require('tkafka')). The package is ESM; Node 20 cannot require() an ES
// module before 20.19, but every function of the API is async, so each one loads the ESM build with
// import() on its first call and hands back the same objects an ESM caller gets.
let loaded;
const load = () => (loaded ??= import('../dist/index.js'));

exports.startBroker = async (opts) => (await load()).startBroker(opts);
