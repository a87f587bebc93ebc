import { TxnAdmin } from '../../../core/transactions/admin.js';
import { abortTransaction, forceTerminate, describeProducers, describeTransaction, findHanging, listTransactions } from '../../../core/transactions/run.js';
import type { ToolResult } from '../../../core/transactions/tool-result.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';
import { printToolResult } from './tool-output.js';

export interface TxnCliFlags extends ConnectionFlags, OutputOptions {
  durationFilter?: bigint;
  transactionalIdPattern?: string;
  transactionalId?: string;
  brokerId?: number;
  topic?: string;
  partition?: number;
  startOffset?: bigint;
  producerId?: bigint;
  producerEpoch?: number;
  coordinatorEpoch?: number;
  maxTransactionTimeout?: number;
}

function run(command: string, admin: TxnAdmin, f: TxnCliFlags): Promise<ToolResult> {
  switch (command) {
    case 'list':
      return listTransactions(admin, {
        ...(f.durationFilter === undefined ? {} : { durationFilterMs: f.durationFilter }),
        ...(f.transactionalIdPattern === undefined ? {} : { transactionalIdPattern: f.transactionalIdPattern }),
      });
    case 'describe':
      return describeTransaction(admin, f.transactionalId ?? '', Date.now());
    case 'describe-producers':
      return describeProducers(admin, f.topic ?? '', f.partition ?? 0, f.brokerId);
    case 'abort':
      return abortTransaction(admin, {
        topic: f.topic ?? '',
        partition: f.partition ?? 0,
        ...(f.startOffset === undefined ? {} : { startOffset: f.startOffset }),
        ...(f.producerId === undefined ? {} : { producerId: f.producerId }),
        ...(f.producerEpoch === undefined ? {} : { producerEpoch: f.producerEpoch }),
        ...(f.coordinatorEpoch === undefined ? {} : { coordinatorEpoch: f.coordinatorEpoch }),
      });
    case 'forceTerminateTransaction':
      return forceTerminate(admin, f.transactionalId ?? '');
    default:
      return findHanging(
        admin,
        {
          maxTransactionTimeout: f.maxTransactionTimeout ?? 15,
          ...(f.brokerId === undefined ? {} : { brokerId: f.brokerId }),
          ...(f.topic === undefined ? {} : { topic: f.topic }),
          ...(f.partition === undefined ? {} : { partition: f.partition }),
        },
        () => Date.now(),
      );
  }
}

export async function runTransactions(command: string, flags: TxnCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  return printToolResult(io, json, () => withNativeClient(flags, io, 'kafka-transactions', (client) => run(command, new TxnAdmin(client), flags)));
}
