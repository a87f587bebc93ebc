// Types of the CommonJS entry of tkafka/testing: the same API as dist/testing/index.d.ts.
import type { EmbeddedBroker, StartBrokerOptions } from '../dist/index.js';

export declare const BOOTSTRAP_ENV = 'TKAFKA_BOOTSTRAP';
export declare function setup(ctx?: unknown): Promise<EmbeddedBroker>;
export declare function teardown(): Promise<void>;
export declare function createSetup(opts?: StartBrokerOptions): { setup: (ctx?: unknown) => Promise<EmbeddedBroker>; teardown: () => Promise<void> };
export declare function bootstrapServers(): string;
export declare function uniqueTopic(base?: string): string;
