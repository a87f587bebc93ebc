// Field lists of the records --offsets-decoder and --transaction-log-decoder print, taken from Kafka's
// specs (shared/kafka-protocol/coordinator and message/ConsumerProtocol*.json and the KRaft control records): which fields a
// version has and which are tagged (plus OffsetCommitValue's tagged topicId, which Kafka 4.4 writes), as Kafka's generated JsonConverters need. Written once by hand-run
// script from the specs, in schema-types.ts's format.

import type { MessageSchema } from './schema-types.js';
import { NEWER_SCHEMAS } from './schemas-newer.js';

export type { FieldSchema, MessageSchema } from './schema-types.js';

export const SCHEMAS: Readonly<Record<string, MessageSchema>> = {
  ...NEWER_SCHEMAS,
  ConsumerGroupCurrentMemberAssignmentKey: {
    flexible: 'none',
    fields: [
      {
        n: 'groupId',
        t: 'string',
        v: '8'
      },
      {
        n: 'memberId',
        t: 'string',
        v: '8'
      }
    ]
  },
  ConsumerGroupCurrentMemberAssignmentValue: {
    flexible: '0+',
    fields: [
      {
        n: 'memberEpoch',
        t: 'int32',
        v: '0+'
      },
      {
        n: 'previousMemberEpoch',
        t: 'int32',
        v: '0+'
      },
      {
        n: 'state',
        t: 'int8',
        v: '0+'
      },
      {
        n: 'assignedPartitions',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'topicId',
            t: 'uuid',
            v: '0+'
          },
          {
            n: 'partitions',
            t: '[]int32',
            v: '0+'
          },
          {
            n: 'assignmentEpochs',
            t: '[]int32',
            v: '0+',
            tv: '0+',
            d: null,
            nv: '0+'
          }
        ]
      },
      {
        n: 'partitionsPendingRevocation',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'topicId',
            t: 'uuid',
            v: '0+'
          },
          {
            n: 'partitions',
            t: '[]int32',
            v: '0+'
          },
          {
            n: 'assignmentEpochs',
            t: '[]int32',
            v: '0+',
            tv: '0+',
            d: null,
            nv: '0+'
          }
        ]
      }
    ]
  },
  ConsumerGroupMemberMetadataKey: {
    flexible: 'none',
    fields: [
      {
        n: 'groupId',
        t: 'string',
        v: '5'
      },
      {
        n: 'memberId',
        t: 'string',
        v: '5'
      }
    ]
  },
  ConsumerGroupMemberMetadataValue: {
    flexible: '0+',
    fields: [
      {
        n: 'instanceId',
        t: 'string',
        v: '0+',
        nv: '0+'
      },
      {
        n: 'rackId',
        t: 'string',
        v: '0+',
        nv: '0+'
      },
      {
        n: 'clientId',
        t: 'string',
        v: '0+'
      },
      {
        n: 'clientHost',
        t: 'string',
        v: '0+'
      },
      {
        n: 'subscribedTopicNames',
        t: '[]string',
        v: '0+'
      },
      {
        n: 'subscribedTopicRegex',
        t: 'string',
        v: '0+',
        nv: '0+'
      },
      {
        n: 'rebalanceTimeoutMs',
        t: 'int32',
        v: '0+'
      },
      {
        n: 'serverAssignor',
        t: 'string',
        v: '0+',
        nv: '0+'
      },
      {
        n: 'classicMemberMetadata',
        t: 'struct',
        v: '0+',
        tv: '0+',
        d: null,
        nv: '0+',
        f: [
          {
            n: 'sessionTimeoutMs',
            t: 'int32',
            v: '0+'
          },
          {
            n: 'supportedProtocols',
            t: '[]struct',
            v: '0+',
            f: [
              {
                n: 'name',
                t: 'string',
                v: '0+'
              },
              {
                n: 'metadata',
                t: 'bytes',
                v: '0+'
              }
            ]
          }
        ]
      }
    ]
  },
  ConsumerGroupMetadataKey: {
    flexible: 'none',
    fields: [
      {
        n: 'groupId',
        t: 'string',
        v: '3'
      }
    ]
  },
  ConsumerGroupMetadataValue: {
    flexible: '0+',
    fields: [
      {
        n: 'epoch',
        t: 'int32',
        v: '0+'
      },
      {
        n: 'metadataHash',
        t: 'int64',
        v: '0+',
        tv: '0+',
        d: 0
      }
    ]
  },
  ConsumerGroupPartitionMetadataKey: {
    flexible: 'none',
    fields: [
      {
        n: 'groupId',
        t: 'string',
        v: '4'
      }
    ]
  },
  ConsumerGroupPartitionMetadataValue: {
    flexible: '0+',
    fields: [
      {
        n: 'topics',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'topicId',
            t: 'uuid',
            v: '0+'
          },
          {
            n: 'topicName',
            t: 'string',
            v: '0+'
          },
          {
            n: 'numPartitions',
            t: 'int32',
            v: '0+'
          },
          {
            n: 'partitionMetadata',
            t: '[]struct',
            v: '0+',
            f: [
              {
                n: 'partition',
                t: 'int32',
                v: '0+'
              },
              {
                n: 'racks',
                t: '[]string',
                v: '0+'
              }
            ]
          }
        ]
      }
    ]
  },
  ConsumerGroupTargetAssignmentMemberKey: {
    flexible: 'none',
    fields: [
      {
        n: 'groupId',
        t: 'string',
        v: '7'
      },
      {
        n: 'memberId',
        t: 'string',
        v: '7'
      }
    ]
  },
  ConsumerGroupTargetAssignmentMemberValue: {
    flexible: '0+',
    fields: [
      {
        n: 'topicPartitions',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'topicId',
            t: 'uuid',
            v: '0+'
          },
          {
            n: 'partitions',
            t: '[]int32',
            v: '0+'
          }
        ]
      }
    ]
  },
  ConsumerGroupTargetAssignmentMetadataKey: {
    flexible: 'none',
    fields: [
      {
        n: 'groupId',
        t: 'string',
        v: '6'
      }
    ]
  },
  ConsumerGroupTargetAssignmentMetadataValue: {
    flexible: '0+',
    fields: [
      {
        n: 'assignmentEpoch',
        t: 'int32',
        v: '0+'
      },
      {
        n: 'assignmentTimestamp',
        t: 'int64',
        v: '0+',
        tv: '0+',
        d: 0
      }
    ]
  },
  GroupMetadataKey: {
    flexible: 'none',
    fields: [
      {
        n: 'group',
        t: 'string',
        v: '2'
      }
    ]
  },
  GroupMetadataValue: {
    flexible: '4+',
    fields: [
      {
        n: 'protocolType',
        t: 'string',
        v: '0+'
      },
      {
        n: 'generation',
        t: 'int32',
        v: '0+'
      },
      {
        n: 'protocol',
        t: 'string',
        v: '0+',
        nv: '0+'
      },
      {
        n: 'leader',
        t: 'string',
        v: '0+',
        nv: '0+'
      },
      {
        n: 'currentStateTimestamp',
        t: 'int64',
        v: '2+'
      },
      {
        n: 'members',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'memberId',
            t: 'string',
            v: '0+'
          },
          {
            n: 'groupInstanceId',
            t: 'string',
            v: '3+',
            nv: '3+'
          },
          {
            n: 'clientId',
            t: 'string',
            v: '0+'
          },
          {
            n: 'clientHost',
            t: 'string',
            v: '0+'
          },
          {
            n: 'rebalanceTimeout',
            t: 'int32',
            v: '1+'
          },
          {
            n: 'sessionTimeout',
            t: 'int32',
            v: '0+'
          },
          {
            n: 'subscription',
            t: 'bytes',
            v: '0+'
          },
          {
            n: 'assignment',
            t: 'bytes',
            v: '0+'
          }
        ]
      }
    ]
  },
  OffsetCommitKey: {
    flexible: 'none',
    fields: [
      {
        n: 'group',
        t: 'string',
        v: '0-1'
      },
      {
        n: 'topic',
        t: 'string',
        v: '0-1'
      },
      {
        n: 'partition',
        t: 'int32',
        v: '0-1'
      }
    ]
  },
  OffsetCommitValue: {
    flexible: '4+',
    fields: [
      {
        n: 'offset',
        t: 'int64',
        v: '0+'
      },
      {
        n: 'leaderEpoch',
        t: 'int32',
        v: '3+'
      },
      {
        n: 'metadata',
        t: 'string',
        v: '0+'
      },
      {
        n: 'commitTimestamp',
        t: 'int64',
        v: '0+'
      },
      {
        n: 'expireTimestamp',
        t: 'int64',
        v: '1'
      },
      {
        n: 'topicId',
        t: 'uuid',
        v: '4+',
        tv: '4+',
        d: 'AAAAAAAAAAAAAAAAAAAAAA'
      }
    ]
  },
  TransactionLogKey: {
    flexible: 'none',
    fields: [
      {
        n: 'transactionalId',
        t: 'string',
        v: '0'
      }
    ]
  },
  TransactionLogValue: {
    flexible: '1+',
    fields: [
      {
        n: 'producerId',
        t: 'int64',
        v: '0+'
      },
      {
        n: 'previousProducerId',
        t: 'int64',
        v: '1+',
        tv: '1+',
        d: -1
      },
      {
        n: 'nextProducerId',
        t: 'int64',
        v: '1+',
        tv: '1+',
        d: -1
      },
      {
        n: 'producerEpoch',
        t: 'int16',
        v: '0+'
      },
      {
        n: 'nextProducerEpoch',
        t: 'int16',
        v: '1+',
        tv: '1+',
        d: -1
      },
      {
        n: 'transactionTimeoutMs',
        t: 'int32',
        v: '0+'
      },
      {
        n: 'transactionStatus',
        t: 'int8',
        v: '0+'
      },
      {
        n: 'transactionPartitions',
        t: '[]struct',
        v: '0+',
        nv: '0+',
        f: [
          {
            n: 'topic',
            t: 'string',
            v: '0+'
          },
          {
            n: 'partitionIds',
            t: '[]int32',
            v: '0+'
          }
        ]
      },
      {
        n: 'transactionLastUpdateTimestampMs',
        t: 'int64',
        v: '0+'
      },
      {
        n: 'transactionStartTimestampMs',
        t: 'int64',
        v: '0+'
      },
      {
        n: 'clientTransactionVersion',
        t: 'int16',
        v: '1+',
        tv: '1+',
        d: 0
      }
    ]
  },
  ConsumerProtocolAssignment: {
    flexible: 'none',
    fields: [
      {
        n: 'assignedPartitions',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'topic',
            t: 'string',
            v: '0+'
          },
          {
            n: 'partitions',
            t: '[]int32',
            v: '0+'
          }
        ]
      },
      {
        n: 'userData',
        t: 'bytes',
        v: '0+',
        nv: '0+'
      }
    ]
  },
  ConsumerProtocolSubscription: {
    flexible: 'none',
    fields: [
      {
        n: 'topics',
        t: '[]string',
        v: '0+'
      },
      {
        n: 'userData',
        t: 'bytes',
        v: '0+',
        nv: '0+'
      },
      {
        n: 'ownedPartitions',
        t: '[]struct',
        v: '1+',
        f: [
          {
            n: 'topic',
            t: 'string',
            v: '1+'
          },
          {
            n: 'partitions',
            t: '[]int32',
            v: '1+'
          }
        ]
      },
      {
        n: 'generationId',
        t: 'int32',
        v: '2+'
      },
      {
        n: 'rackId',
        t: 'string',
        v: '3+',
        nv: '3+'
      }
    ]
  },
  KRaftVersionRecord: {
    flexible: '0+',
    fields: [
      {
        n: 'version',
        t: 'int16',
        v: '0+'
      },
      {
        n: 'kRaftVersion',
        t: 'int16',
        v: '0+'
      }
    ]
  },
  LeaderChangeMessage: {
    flexible: '0+',
    fields: [
      {
        n: 'version',
        t: 'int16',
        v: '0+'
      },
      {
        n: 'leaderId',
        t: 'int32',
        v: '0+'
      },
      {
        n: 'voters',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'voterId',
            t: 'int32',
            v: '0+'
          },
          {
            n: 'voterDirectoryId',
            t: 'uuid',
            v: '1+'
          }
        ]
      },
      {
        n: 'grantingVoters',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'voterId',
            t: 'int32',
            v: '0+'
          },
          {
            n: 'voterDirectoryId',
            t: 'uuid',
            v: '1+'
          }
        ]
      }
    ]
  },
  SnapshotFooterRecord: {
    flexible: '0+',
    fields: [
      {
        n: 'version',
        t: 'int16',
        v: '0+'
      }
    ]
  },
  SnapshotHeaderRecord: {
    flexible: '0+',
    fields: [
      {
        n: 'version',
        t: 'int16',
        v: '0+'
      },
      {
        n: 'lastContainedLogTimestamp',
        t: 'int64',
        v: '0+'
      }
    ]
  },
  VotersRecord: {
    flexible: '0+',
    fields: [
      {
        n: 'version',
        t: 'int16',
        v: '0+'
      },
      {
        n: 'voters',
        t: '[]struct',
        v: '0+',
        f: [
          {
            n: 'voterId',
            t: 'int32',
            v: '0+'
          },
          {
            n: 'voterDirectoryId',
            t: 'uuid',
            v: '0+'
          },
          {
            n: 'endpoints',
            t: '[]struct',
            v: '0+',
            f: [
              {
                n: 'name',
                t: 'string',
                v: '0+'
              },
              {
                n: 'host',
                t: 'string',
                v: '0+'
              },
              {
                n: 'port',
                t: 'uint16',
                v: '0+'
              }
            ]
          },
          {
            n: 'kRaftVersionFeature',
            t: 'struct',
            v: '0+',
            f: [
              {
                n: 'minSupportedVersion',
                t: 'int16',
                v: '0+'
              },
              {
                n: 'maxSupportedVersion',
                t: 'int16',
                v: '0+'
              }
            ]
          }
        ]
      }
    ]
  }
};
