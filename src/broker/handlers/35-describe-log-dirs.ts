// DescribeLogDirs: v0–4 (flexible from v2). v0 (removed in Kafka 4.0, served by 3.9) answers as v1.
// Behaviour: one log dir, the data dir (canonical path), holding every partition. As in Kafka's
// ReplicaManager.describeLogDirs, every topic in the dir is listed and its partitions are
// filtered by the request (null topics = all), so a topic can come back with no partitions.
// Sizes are the bytes of the partition's segment files; offsetLag is 0 (the log end is the high
// watermark) and nothing is ever a future replica.
// Version notes: v3 top-level error code, v4 the file system's total and usable bytes (statfs).
import fs from 'node:fs';
import { decodeDescribeLogDirsRequest, type DescribeLogDirsRequest } from '../../protocol/generated/messages/describe-log-dirs-request.js';
import {
  defaultDescribeLogDirsResponse,
  encodeDescribeLogDirsResponse,
  type DescribeLogDirsResponse,
} from '../../protocol/generated/messages/describe-log-dirs-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<DescribeLogDirsRequest, DescribeLogDirsResponse>({
  apiKey: 35,
  minVersion: 0,
  maxVersion: 4,
  decode: decodeDescribeLogDirsRequest,
  encode: encodeDescribeLogDirsResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    // KafkaApis: DESCRIBE on the cluster, else no log dirs (and CLUSTER_AUTHORIZATION_FAILED from v3).
    if (!canCluster(ctx, Op.DESCRIBE)) return { ...defaultDescribeLogDirsResponse(), throttleTimeMs: 0, errorCode: ctx.apiVersion >= 3 ? ErrorCode.CLUSTER_AUTHORIZATION_FAILED : 0, results: [] };
    let logDir = broker.dataDir;
    let totalBytes = -1n;
    let usableBytes = -1n;
    try {
      logDir = fs.realpathSync(broker.dataDir);
      const st = fs.statfsSync(logDir, { bigint: true });
      totalBytes = st.blocks * st.bsize;
      usableBytes = st.bavail * st.bsize;
    } catch (err) {
      broker.log(`describe log dirs: cannot stat ${broker.dataDir}: ${(err as Error).message}`);
      const failed = { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, logDir, topics: [], totalBytes, usableBytes };
      return { ...defaultDescribeLogDirsResponse(), throttleTimeMs: 0, errorCode: 0, results: [failed] };
    }
    const wanted = req.topics === null ? null : new Set(req.topics.flatMap((t) => t.partitions.map((p) => `${p}\0${t.topic}`)));
    const topics = broker.topics.list().map((t) => ({
      name: t.name,
      partitions: t.partitions
        .filter((p) => wanted === null || wanted.has(`${p.index}\0${t.name}`))
        .map((p) => ({ partitionIndex: p.index, partitionSize: BigInt(p.log.sizeInBytes()), offsetLag: 0n, isFutureKey: false })),
    }));
    return {
      ...defaultDescribeLogDirsResponse(),
      throttleTimeMs: 0,
      errorCode: 0,
      results: [{ errorCode: 0, logDir, topics, totalBytes, usableBytes }],
    };
  },
});
