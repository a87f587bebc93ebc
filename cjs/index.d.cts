// Types of the CommonJS entry: the same API as the ESM one (dist/index.d.ts).
import type { EmbeddedBroker, StartBrokerOptions } from '../dist/index.js';

export type { BrokerClock, Clock, EmbeddedBroker, FaultInjector, FaultRecord, FaultSpec, StartBrokerOptions } from '../dist/index.js';
export declare function startBroker(opts?: StartBrokerOptions): Promise<EmbeddedBroker>;
