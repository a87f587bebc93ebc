import { TxnAdmin } from '../../../core/transactions/admin.js';
import { TxnCommandError, abortTransaction, forceTerminate, describeProducers, describeTransaction, findHanging, listTransactions, type TxnResult } from '../../../core/transactions/run.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withAdminClient } from './admin-client.js';

export interface TxnCliFlags extends ConnectionFlags, OutputOptions {
  durationFilter?: bigint;
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

function run(command: string, admin: TxnAdmin, f: TxnCliFlags): Promise<TxnResult> {
  switch (command) {
    case 'list':
      return listTransactions(admin, f.durationFilter);
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
  try {
    const res = await withAdminClient(flags, io, 'kafka-transactions', (client) => run(command, new TxnAdmin(client), flags));
    if (json) writeJson(io, res.json);
    else io.stdout.write(res.text);
    return 0;
  } catch (err) {
    if (!(err instanceof TxnCommandError)) throw err;
    io.stderr.write(`${err.message}\n`);
    return 1;
  }
}
