// The package's library entry (`import { startBroker } from 'tkafka'`): the embedded broker for
// tests. The CLI is bin/tkafka.js; nothing here loads it. tkafka/testing has the test-runner helpers.
export { startBroker } from './embedded/broker.js';
export type { BrokerClock, Clock, EmbeddedBroker, FaultInjector, FaultRecord, FaultSpec, StartBrokerOptions } from './embedded/broker.js';
