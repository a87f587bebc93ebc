# bash completion for tkafka
# Generated from the tkafka command tree by `tkafka completion SHELL` (npm run gen:completions); do not edit.
# Load it with: source <(tkafka completion bash)   or copy it to /etc/bash_completion.d/tkafka

# Is $2 a subcommand of the command path $1?
__tkafka_is_command() {
  case "$1|$2" in
    '|broker') return 0 ;;
    'broker|start') return 0 ;;
    'broker|stop') return 0 ;;
    'broker|status') return 0 ;;
    'broker|logs') return 0 ;;
    '|console-producer') return 0 ;;
    '|console-consumer') return 0 ;;
    '|schemas') return 0 ;;
    'schemas|list') return 0 ;;
    'schemas|versions') return 0 ;;
    'schemas|show') return 0 ;;
    'schemas|register') return 0 ;;
    'schemas|check') return 0 ;;
    'schemas|delete') return 0 ;;
    'schemas|config') return 0 ;;
    'schemas|mode') return 0 ;;
    '|topics') return 0 ;;
    '|configs') return 0 ;;
    '|client-metrics') return 0 ;;
    '|get-offsets') return 0 ;;
    '|delete-records') return 0 ;;
    '|log-dirs') return 0 ;;
    '|dump-log') return 0 ;;
    '|consumer-groups') return 0 ;;
    '|groups') return 0 ;;
    '|streams-groups') return 0 ;;
    '|transactions') return 0 ;;
    'transactions|list') return 0 ;;
    'transactions|describe') return 0 ;;
    'transactions|describe-producers') return 0 ;;
    'transactions|abort') return 0 ;;
    'transactions|find-hanging') return 0 ;;
    'transactions|forceTerminateTransaction') return 0 ;;
    '|streams-application-reset') return 0 ;;
    '|lag-exporter') return 0 ;;
    '|jmx') return 0 ;;
    '|acls') return 0 ;;
    '|delegation-tokens') return 0 ;;
    '|broker-api-versions') return 0 ;;
    '|cluster') return 0 ;;
    'cluster|cluster-id') return 0 ;;
    'cluster|unregister') return 0 ;;
    'cluster|list-endpoints') return 0 ;;
    '|features') return 0 ;;
    'features|describe') return 0 ;;
    'features|upgrade') return 0 ;;
    'features|downgrade') return 0 ;;
    'features|disable') return 0 ;;
    'features|version-mapping') return 0 ;;
    'features|feature-dependencies') return 0 ;;
    '|metadata-quorum') return 0 ;;
    'metadata-quorum|describe') return 0 ;;
    '|metadata-shell') return 0 ;;
    '|leader-election') return 0 ;;
    '|reassign-partitions') return 0 ;;
    '|producer-perf-test') return 0 ;;
    '|consumer-perf-test') return 0 ;;
    '|e2e-latency') return 0 ;;
    '|verifiable-producer') return 0 ;;
    '|verifiable-consumer') return 0 ;;
    '|completion') return 0 ;;
  esac
  return 1
}

# "<optional 0|1> <kind> [values...]" for an option that takes a value; fails for flags.
__tkafka_value_kind() {
  case "$1|$2" in
    'broker start|--port') echo '0 none' ;;
    'broker start|--host') echo '0 none' ;;
    'broker start|--advertised-host') echo '0 none' ;;
    'broker start|--data-dir') echo '0 files' ;;
    'broker start|--config') echo '0 files' ;;
    'broker start|--config-file') echo '0 files' ;;
    'broker start|--ready-file') echo '0 files' ;;
    'broker start|--add-scram') echo '0 none' ;;
    'broker start|-o'|'broker start|--output') echo '0 values text json' ;;
    'broker stop|--data-dir') echo '0 files' ;;
    'broker stop|--timeout') echo '0 none' ;;
    'broker status|--data-dir') echo '0 files' ;;
    'broker status|-o'|'broker status|--output') echo '0 values text json' ;;
    'broker logs|--data-dir') echo '0 files' ;;
    'broker logs|-n'|'broker logs|--lines') echo '0 none' ;;
    'console-producer|--topic') echo '0 topics' ;;
    'console-producer|--bootstrap-server') echo '0 none' ;;
    'console-producer|--command-config') echo '0 files' ;;
    'console-producer|--producer.config') echo '0 files' ;;
    'console-producer|--command-property') echo '0 none' ;;
    'console-producer|--producer-property') echo '0 none' ;;
    'console-producer|--reader-property') echo '0 none' ;;
    'console-producer|--property') echo '0 none' ;;
    'console-producer|--reader-config') echo '0 files' ;;
    'console-producer|--compression-codec') echo '1 none' ;;
    'console-producer|--request-required-acks') echo '0 none' ;;
    'console-producer|--timeout') echo '0 none' ;;
    'console-producer|--batch-size') echo '0 none' ;;
    'console-producer|--max-partition-memory-bytes') echo '0 none' ;;
    'console-producer|--message-send-max-retries') echo '0 none' ;;
    'console-producer|--retry-backoff-ms') echo '0 none' ;;
    'console-producer|--request-timeout-ms') echo '0 none' ;;
    'console-producer|--max-block-ms') echo '0 none' ;;
    'console-producer|--max-memory-bytes') echo '0 none' ;;
    'console-producer|--metadata-expiry-ms') echo '0 none' ;;
    'console-producer|--socket-buffer-size') echo '0 none' ;;
    'console-producer|--line-reader') echo '0 none' ;;
    'console-producer|--input-format') echo '0 values line json' ;;
    'console-producer|--partition') echo '0 none' ;;
    'console-producer|--value-format') echo '0 none' ;;
    'console-producer|--value-schema-file') echo '0 files' ;;
    'console-producer|--value-schema-id') echo '0 none' ;;
    'console-producer|--value-message') echo '0 none' ;;
    'console-producer|--key-format') echo '0 none' ;;
    'console-producer|--key-schema-file') echo '0 files' ;;
    'console-producer|--key-schema-id') echo '0 none' ;;
    'console-producer|--key-message') echo '0 none' ;;
    'console-producer|--schema-registry-url') echo '0 none' ;;
    'console-consumer|--topic') echo '0 topics' ;;
    'console-consumer|--include') echo '0 none' ;;
    'console-consumer|--partition') echo '0 none' ;;
    'console-consumer|--offset') echo '0 none' ;;
    'console-consumer|--group') echo '0 groups' ;;
    'console-consumer|--max-messages') echo '0 none' ;;
    'console-consumer|--timeout-ms') echo '0 none' ;;
    'console-consumer|--isolation-level') echo '0 none' ;;
    'console-consumer|--formatter-property') echo '0 none' ;;
    'console-consumer|--property') echo '0 none' ;;
    'console-consumer|--formatter-config') echo '0 files' ;;
    'console-consumer|--formatter') echo '0 none' ;;
    'console-consumer|--key-deserializer') echo '0 none' ;;
    'console-consumer|--value-deserializer') echo '0 none' ;;
    'console-consumer|--from-time') echo '0 none' ;;
    'console-consumer|--tail') echo '0 none' ;;
    'console-consumer|--value-format') echo '0 none' ;;
    'console-consumer|--key-format') echo '0 none' ;;
    'console-consumer|--schema-registry-url') echo '0 none' ;;
    'console-consumer|--bootstrap-server') echo '0 none' ;;
    'console-consumer|--command-config') echo '0 files' ;;
    'console-consumer|--consumer.config') echo '0 files' ;;
    'console-consumer|--command-property') echo '0 none' ;;
    'console-consumer|--consumer-property') echo '0 none' ;;
    'console-consumer|-o'|'console-consumer|--output') echo '0 values text json' ;;
    'schemas list|--prefix') echo '0 none' ;;
    'schemas list|--schema-registry-url') echo '0 none' ;;
    'schemas list|--command-config') echo '0 files' ;;
    'schemas list|--command-property') echo '0 none' ;;
    'schemas list|-o'|'schemas list|--output') echo '0 values text json' ;;
    'schemas versions|--schema-registry-url') echo '0 none' ;;
    'schemas versions|--command-config') echo '0 files' ;;
    'schemas versions|--command-property') echo '0 none' ;;
    'schemas versions|-o'|'schemas versions|--output') echo '0 values text json' ;;
    'schemas show|--version') echo '0 none' ;;
    'schemas show|--id') echo '0 none' ;;
    'schemas show|--schema-registry-url') echo '0 none' ;;
    'schemas show|--command-config') echo '0 files' ;;
    'schemas show|--command-property') echo '0 none' ;;
    'schemas show|-o'|'schemas show|--output') echo '0 values text json' ;;
    'schemas register|--schema-file') echo '0 files' ;;
    'schemas register|--type') echo '0 none' ;;
    'schemas register|--reference') echo '0 none' ;;
    'schemas register|--schema-registry-url') echo '0 none' ;;
    'schemas register|--command-config') echo '0 files' ;;
    'schemas register|--command-property') echo '0 none' ;;
    'schemas register|-o'|'schemas register|--output') echo '0 values text json' ;;
    'schemas check|--schema-file') echo '0 files' ;;
    'schemas check|--type') echo '0 none' ;;
    'schemas check|--reference') echo '0 none' ;;
    'schemas check|--version') echo '0 none' ;;
    'schemas check|--schema-registry-url') echo '0 none' ;;
    'schemas check|--command-config') echo '0 files' ;;
    'schemas check|--command-property') echo '0 none' ;;
    'schemas check|-o'|'schemas check|--output') echo '0 values text json' ;;
    'schemas delete|--version') echo '0 none' ;;
    'schemas delete|--schema-registry-url') echo '0 none' ;;
    'schemas delete|--command-config') echo '0 files' ;;
    'schemas delete|--command-property') echo '0 none' ;;
    'schemas delete|-o'|'schemas delete|--output') echo '0 values text json' ;;
    'schemas config|--set') echo '0 none' ;;
    'schemas config|--schema-registry-url') echo '0 none' ;;
    'schemas config|--command-config') echo '0 files' ;;
    'schemas config|--command-property') echo '0 none' ;;
    'schemas config|-o'|'schemas config|--output') echo '0 values text json' ;;
    'schemas mode|--set') echo '0 none' ;;
    'schemas mode|--schema-registry-url') echo '0 none' ;;
    'schemas mode|--command-config') echo '0 files' ;;
    'schemas mode|--command-property') echo '0 none' ;;
    'schemas mode|-o'|'schemas mode|--output') echo '0 values text json' ;;
    'topics|--topic') echo '0 topics' ;;
    'topics|--topic-id') echo '0 none' ;;
    'topics|--partitions') echo '0 none' ;;
    'topics|--replication-factor') echo '0 none' ;;
    'topics|--replica-assignment') echo '0 none' ;;
    'topics|--config') echo '0 files' ;;
    'topics|--delete-config') echo '0 files' ;;
    'topics|--partition-size-limit-per-response') echo '0 none' ;;
    'topics|--bootstrap-server') echo '0 none' ;;
    'topics|--command-config') echo '0 files' ;;
    'topics|--command-property') echo '0 none' ;;
    'topics|-o'|'topics|--output') echo '0 values text json' ;;
    'configs|--entity-type') echo '0 values topics clients users brokers broker-loggers ips client-metrics groups' ;;
    'configs|--entity-name') echo '0 none' ;;
    'configs|--add-config') echo '0 files' ;;
    'configs|--add-config-file') echo '0 files' ;;
    'configs|--delete-config') echo '0 files' ;;
    'configs|--topic') echo '0 topics' ;;
    'configs|--client') echo '0 none' ;;
    'configs|--user') echo '0 none' ;;
    'configs|--broker') echo '0 none' ;;
    'configs|--broker-logger') echo '0 none' ;;
    'configs|--ip') echo '0 none' ;;
    'configs|--group') echo '0 groups' ;;
    'configs|--client-metrics') echo '0 none' ;;
    'configs|--bootstrap-controller') echo '0 none' ;;
    'configs|--bootstrap-server') echo '0 none' ;;
    'configs|--command-config') echo '0 files' ;;
    'configs|--command-property') echo '0 none' ;;
    'configs|-o'|'configs|--output') echo '0 values text json' ;;
    'client-metrics|--name') echo '0 none' ;;
    'client-metrics|--interval') echo '0 none' ;;
    'client-metrics|--match') echo '0 none' ;;
    'client-metrics|--metrics') echo '0 none' ;;
    'client-metrics|--bootstrap-server') echo '0 none' ;;
    'client-metrics|--command-config') echo '0 files' ;;
    'client-metrics|--command-property') echo '0 none' ;;
    'client-metrics|-o'|'client-metrics|--output') echo '0 values text json' ;;
    'get-offsets|--topic') echo '0 topics' ;;
    'get-offsets|--partitions') echo '0 none' ;;
    'get-offsets|--topic-partitions') echo '0 none' ;;
    'get-offsets|--time') echo '0 values latest earliest max-timestamp earliest-local latest-tiered earliest-pending-upload' ;;
    'get-offsets|--bootstrap-server') echo '0 none' ;;
    'get-offsets|--command-config') echo '0 files' ;;
    'get-offsets|--command-property') echo '0 none' ;;
    'get-offsets|-o'|'get-offsets|--output') echo '0 values text json' ;;
    'delete-records|--offset-json-file') echo '0 files' ;;
    'delete-records|--topic') echo '0 topics' ;;
    'delete-records|--partition') echo '0 none' ;;
    'delete-records|--offset') echo '0 none' ;;
    'delete-records|--bootstrap-server') echo '0 none' ;;
    'delete-records|--command-config') echo '0 files' ;;
    'delete-records|--command-property') echo '0 none' ;;
    'delete-records|-o'|'delete-records|--output') echo '0 values text json' ;;
    'log-dirs|--broker-list') echo '0 none' ;;
    'log-dirs|--topic-list') echo '0 none' ;;
    'log-dirs|--bootstrap-server') echo '0 none' ;;
    'log-dirs|--command-config') echo '0 files' ;;
    'log-dirs|--command-property') echo '0 none' ;;
    'log-dirs|-o'|'log-dirs|--output') echo '0 values text json' ;;
    'dump-log|--files') echo '0 none' ;;
    'dump-log|--max-message-size') echo '0 none' ;;
    'dump-log|--max-bytes') echo '0 none' ;;
    'dump-log|--key-decoder-class') echo '1 none' ;;
    'dump-log|--value-decoder-class') echo '1 none' ;;
    'dump-log|-o'|'dump-log|--output') echo '0 values text json' ;;
    'consumer-groups|--validate-regex') echo '0 none' ;;
    'consumer-groups|--group') echo '0 groups' ;;
    'consumer-groups|--topic') echo '0 topics' ;;
    'consumer-groups|--timeout') echo '0 none' ;;
    'consumer-groups|--to-offset') echo '0 none' ;;
    'consumer-groups|--from-file') echo '0 files' ;;
    'consumer-groups|--to-datetime') echo '0 none' ;;
    'consumer-groups|--by-duration') echo '0 none' ;;
    'consumer-groups|--shift-by') echo '0 none' ;;
    'consumer-groups|--state') echo '1 values Stable Empty PreparingRebalance CompletingRebalance Dead Assigning Reconciling' ;;
    'consumer-groups|--type') echo '1 values classic consumer' ;;
    'consumer-groups|--interval') echo '0 none' ;;
    'consumer-groups|--watch-count') echo '0 none' ;;
    'consumer-groups|--bootstrap-server') echo '0 none' ;;
    'consumer-groups|--command-config') echo '0 files' ;;
    'consumer-groups|--command-property') echo '0 none' ;;
    'consumer-groups|-o'|'consumer-groups|--output') echo '0 values text json' ;;
    'groups|--group-type') echo '0 values classic consumer share streams' ;;
    'groups|--protocol') echo '0 none' ;;
    'groups|--bootstrap-server') echo '0 none' ;;
    'groups|--command-config') echo '0 files' ;;
    'groups|--command-property') echo '0 none' ;;
    'groups|-o'|'groups|--output') echo '0 values text json' ;;
    'streams-groups|--group') echo '0 groups' ;;
    'streams-groups|--input-topic') echo '0 topics' ;;
    'streams-groups|--timeout') echo '0 none' ;;
    'streams-groups|--state') echo '1 values Empty NotReady Stable Assigning Reconciling Dead' ;;
    'streams-groups|--to-offset') echo '0 none' ;;
    'streams-groups|--from-file') echo '0 files' ;;
    'streams-groups|--to-datetime') echo '0 none' ;;
    'streams-groups|--by-duration') echo '0 none' ;;
    'streams-groups|--shift-by') echo '0 none' ;;
    'streams-groups|--delete-internal-topic') echo '0 topics' ;;
    'streams-groups|--bootstrap-server') echo '0 none' ;;
    'streams-groups|--command-config') echo '0 files' ;;
    'streams-groups|--command-property') echo '0 none' ;;
    'streams-groups|-o'|'streams-groups|--output') echo '0 values text json' ;;
    'transactions|--bootstrap-server') echo '0 none' ;;
    'transactions|--command-config') echo '0 files' ;;
    'transactions|--command-property') echo '0 none' ;;
    'transactions|-o'|'transactions|--output') echo '0 values text json' ;;
    'transactions list|--bootstrap-server') echo '0 none' ;;
    'transactions list|--command-config') echo '0 files' ;;
    'transactions list|--command-property') echo '0 none' ;;
    'transactions list|-o'|'transactions list|--output') echo '0 values text json' ;;
    'transactions list|--duration-filter') echo '0 none' ;;
    'transactions list|--transactional-id-pattern') echo '0 none' ;;
    'transactions describe|--bootstrap-server') echo '0 none' ;;
    'transactions describe|--command-config') echo '0 files' ;;
    'transactions describe|--command-property') echo '0 none' ;;
    'transactions describe|-o'|'transactions describe|--output') echo '0 values text json' ;;
    'transactions describe|--transactional-id') echo '0 none' ;;
    'transactions describe-producers|--bootstrap-server') echo '0 none' ;;
    'transactions describe-producers|--command-config') echo '0 files' ;;
    'transactions describe-producers|--command-property') echo '0 none' ;;
    'transactions describe-producers|-o'|'transactions describe-producers|--output') echo '0 values text json' ;;
    'transactions describe-producers|--broker-id') echo '0 none' ;;
    'transactions describe-producers|--topic') echo '0 topics' ;;
    'transactions describe-producers|--partition') echo '0 none' ;;
    'transactions abort|--bootstrap-server') echo '0 none' ;;
    'transactions abort|--command-config') echo '0 files' ;;
    'transactions abort|--command-property') echo '0 none' ;;
    'transactions abort|-o'|'transactions abort|--output') echo '0 values text json' ;;
    'transactions abort|--topic') echo '0 topics' ;;
    'transactions abort|--partition') echo '0 none' ;;
    'transactions abort|--start-offset') echo '0 none' ;;
    'transactions abort|--producer-id') echo '0 none' ;;
    'transactions abort|--producer-epoch') echo '0 none' ;;
    'transactions abort|--coordinator-epoch') echo '0 none' ;;
    'transactions find-hanging|--bootstrap-server') echo '0 none' ;;
    'transactions find-hanging|--command-config') echo '0 files' ;;
    'transactions find-hanging|--command-property') echo '0 none' ;;
    'transactions find-hanging|-o'|'transactions find-hanging|--output') echo '0 values text json' ;;
    'transactions find-hanging|--broker-id') echo '0 none' ;;
    'transactions find-hanging|--max-transaction-timeout') echo '0 none' ;;
    'transactions find-hanging|--topic') echo '0 topics' ;;
    'transactions find-hanging|--partition') echo '0 none' ;;
    'transactions forceTerminateTransaction|--bootstrap-server') echo '0 none' ;;
    'transactions forceTerminateTransaction|--command-config') echo '0 files' ;;
    'transactions forceTerminateTransaction|--command-property') echo '0 none' ;;
    'transactions forceTerminateTransaction|-o'|'transactions forceTerminateTransaction|--output') echo '0 values text json' ;;
    'transactions forceTerminateTransaction|--transactionalId') echo '0 none' ;;
    'streams-application-reset|--application-id') echo '0 groups' ;;
    'streams-application-reset|--input-topics') echo '0 topics' ;;
    'streams-application-reset|--intermediate-topics') echo '0 topics' ;;
    'streams-application-reset|--internal-topics') echo '0 topics' ;;
    'streams-application-reset|--to-offset') echo '0 none' ;;
    'streams-application-reset|--to-datetime') echo '0 none' ;;
    'streams-application-reset|--by-duration') echo '0 none' ;;
    'streams-application-reset|--from-file') echo '0 files' ;;
    'streams-application-reset|--shift-by') echo '0 none' ;;
    'streams-application-reset|--config-file') echo '0 files' ;;
    'streams-application-reset|--bootstrap-server') echo '0 none' ;;
    'streams-application-reset|--command-config') echo '0 files' ;;
    'streams-application-reset|--command-property') echo '0 none' ;;
    'streams-application-reset|-o'|'streams-application-reset|--output') echo '0 values text json' ;;
    'lag-exporter|--listen') echo '0 none' ;;
    'lag-exporter|--interval') echo '0 none' ;;
    'lag-exporter|--group') echo '0 groups' ;;
    'lag-exporter|--exclude-group') echo '0 none' ;;
    'lag-exporter|--include') echo '0 topics' ;;
    'lag-exporter|--exclude') echo '0 none' ;;
    'lag-exporter|--timeout') echo '0 none' ;;
    'lag-exporter|--bootstrap-server') echo '0 none' ;;
    'lag-exporter|--command-config') echo '0 files' ;;
    'lag-exporter|--command-property') echo '0 none' ;;
    'lag-exporter|-o'|'lag-exporter|--output') echo '0 values text json' ;;
    'jmx|--jmx-url') echo '0 none' ;;
    'jmx|--object-name') echo '0 none' ;;
    'jmx|--attributes') echo '0 none' ;;
    'jmx|--reporting-interval') echo '0 none' ;;
    'jmx|--one-time') echo '1 none' ;;
    'jmx|--report-format') echo '0 values original properties csv tsv' ;;
    'jmx|--date-format') echo '0 none' ;;
    'jmx|--jmx-auth-prop') echo '0 none' ;;
    'jmx|--jmx-ssl-enable') echo '0 none' ;;
    'jmx|-o'|'jmx|--output') echo '0 values text json' ;;
    'acls|--topic') echo '0 topics' ;;
    'acls|--group') echo '0 groups' ;;
    'acls|--transactional-id') echo '0 none' ;;
    'acls|--delegation-token') echo '0 none' ;;
    'acls|--user-principal') echo '0 none' ;;
    'acls|--resource-pattern-type') echo '0 values literal prefixed any match' ;;
    'acls|--operation') echo '0 values All Read Write Create Delete Alter Describe ClusterAction DescribeConfigs AlterConfigs IdempotentWrite CreateTokens DescribeTokens TwoPhaseCommit' ;;
    'acls|--allow-principal') echo '0 none' ;;
    'acls|--deny-principal') echo '0 none' ;;
    'acls|--allow-host') echo '0 none' ;;
    'acls|--deny-host') echo '0 none' ;;
    'acls|--principal') echo '0 none' ;;
    'acls|--bootstrap-controller') echo '0 none' ;;
    'acls|--bootstrap-server') echo '0 none' ;;
    'acls|--command-config') echo '0 files' ;;
    'acls|--command-property') echo '0 none' ;;
    'acls|-o'|'acls|--output') echo '0 values text json' ;;
    'delegation-tokens|--owner-principal') echo '0 none' ;;
    'delegation-tokens|--renewer-principal') echo '0 none' ;;
    'delegation-tokens|--max-life-time-period') echo '0 none' ;;
    'delegation-tokens|--renew-time-period') echo '0 none' ;;
    'delegation-tokens|--expiry-time-period') echo '0 none' ;;
    'delegation-tokens|--hmac') echo '0 none' ;;
    'delegation-tokens|--bootstrap-server') echo '0 none' ;;
    'delegation-tokens|--command-config') echo '0 files' ;;
    'delegation-tokens|--command-property') echo '0 none' ;;
    'delegation-tokens|-o'|'delegation-tokens|--output') echo '0 values text json' ;;
    'broker-api-versions|--bootstrap-server') echo '0 none' ;;
    'broker-api-versions|--command-config') echo '0 files' ;;
    'broker-api-versions|--command-property') echo '0 none' ;;
    'broker-api-versions|-o'|'broker-api-versions|--output') echo '0 values text json' ;;
    'cluster cluster-id|--bootstrap-server') echo '0 none' ;;
    'cluster cluster-id|--command-config') echo '0 files' ;;
    'cluster cluster-id|--command-property') echo '0 none' ;;
    'cluster cluster-id|-o'|'cluster cluster-id|--output') echo '0 values text json' ;;
    'cluster cluster-id|-c'|'cluster cluster-id|--config') echo '0 files' ;;
    'cluster cluster-id|--bootstrap-controller') echo '0 none' ;;
    'cluster unregister|--bootstrap-server') echo '0 none' ;;
    'cluster unregister|--command-config') echo '0 files' ;;
    'cluster unregister|--command-property') echo '0 none' ;;
    'cluster unregister|-o'|'cluster unregister|--output') echo '0 values text json' ;;
    'cluster unregister|-c'|'cluster unregister|--config') echo '0 files' ;;
    'cluster unregister|--bootstrap-controller') echo '0 none' ;;
    'cluster unregister|-i'|'cluster unregister|--id') echo '0 none' ;;
    'cluster list-endpoints|--bootstrap-server') echo '0 none' ;;
    'cluster list-endpoints|--command-config') echo '0 files' ;;
    'cluster list-endpoints|--command-property') echo '0 none' ;;
    'cluster list-endpoints|-o'|'cluster list-endpoints|--output') echo '0 values text json' ;;
    'cluster list-endpoints|-c'|'cluster list-endpoints|--config') echo '0 files' ;;
    'cluster list-endpoints|--bootstrap-controller') echo '0 none' ;;
    'features|--bootstrap-server') echo '0 none' ;;
    'features|--command-config') echo '0 files' ;;
    'features|--command-property') echo '0 none' ;;
    'features|-o'|'features|--output') echo '0 values text json' ;;
    'features|--bootstrap-controller') echo '0 none' ;;
    'features describe|--bootstrap-server') echo '0 none' ;;
    'features describe|--command-config') echo '0 files' ;;
    'features describe|--command-property') echo '0 none' ;;
    'features describe|-o'|'features describe|--output') echo '0 values text json' ;;
    'features upgrade|--bootstrap-server') echo '0 none' ;;
    'features upgrade|--command-config') echo '0 files' ;;
    'features upgrade|--command-property') echo '0 none' ;;
    'features upgrade|-o'|'features upgrade|--output') echo '0 values text json' ;;
    'features upgrade|--metadata') echo '0 none' ;;
    'features upgrade|--release-version') echo '0 none' ;;
    'features upgrade|--feature') echo '0 none' ;;
    'features downgrade|--bootstrap-server') echo '0 none' ;;
    'features downgrade|--command-config') echo '0 files' ;;
    'features downgrade|--command-property') echo '0 none' ;;
    'features downgrade|-o'|'features downgrade|--output') echo '0 values text json' ;;
    'features downgrade|--metadata') echo '0 none' ;;
    'features downgrade|--release-version') echo '0 none' ;;
    'features downgrade|--feature') echo '0 none' ;;
    'features disable|--bootstrap-server') echo '0 none' ;;
    'features disable|--command-config') echo '0 files' ;;
    'features disable|--command-property') echo '0 none' ;;
    'features disable|-o'|'features disable|--output') echo '0 values text json' ;;
    'features disable|--feature') echo '0 none' ;;
    'features version-mapping|--bootstrap-server') echo '0 none' ;;
    'features version-mapping|--command-config') echo '0 files' ;;
    'features version-mapping|--command-property') echo '0 none' ;;
    'features version-mapping|-o'|'features version-mapping|--output') echo '0 values text json' ;;
    'features version-mapping|--release-version') echo '0 none' ;;
    'features feature-dependencies|--bootstrap-server') echo '0 none' ;;
    'features feature-dependencies|--command-config') echo '0 files' ;;
    'features feature-dependencies|--command-property') echo '0 none' ;;
    'features feature-dependencies|-o'|'features feature-dependencies|--output') echo '0 values text json' ;;
    'features feature-dependencies|--feature') echo '0 none' ;;
    'metadata-quorum|--bootstrap-server') echo '0 none' ;;
    'metadata-quorum|--command-config') echo '0 files' ;;
    'metadata-quorum|--command-property') echo '0 none' ;;
    'metadata-quorum|-o'|'metadata-quorum|--output') echo '0 values text json' ;;
    'metadata-quorum describe|--bootstrap-server') echo '0 none' ;;
    'metadata-quorum describe|--command-config') echo '0 files' ;;
    'metadata-quorum describe|--command-property') echo '0 none' ;;
    'metadata-quorum describe|-o'|'metadata-quorum describe|--output') echo '0 values text json' ;;
    'metadata-shell|-s'|'metadata-shell|--snapshot') echo '0 none' ;;
    'metadata-shell|-o'|'metadata-shell|--output') echo '0 values text json' ;;
    'leader-election|--election-type') echo '0 values preferred unclean' ;;
    'leader-election|--topic') echo '0 topics' ;;
    'leader-election|--partition') echo '0 none' ;;
    'leader-election|--path-to-json-file') echo '0 files' ;;
    'leader-election|--bootstrap-server') echo '0 none' ;;
    'leader-election|--command-config') echo '0 files' ;;
    'leader-election|--admin.config') echo '0 files' ;;
    'leader-election|--command-property') echo '0 none' ;;
    'leader-election|-o'|'leader-election|--output') echo '0 values text json' ;;
    'reassign-partitions|--topics-to-move-json-file') echo '0 files' ;;
    'reassign-partitions|--broker-list') echo '0 none' ;;
    'reassign-partitions|--reassignment-json-file') echo '0 files' ;;
    'reassign-partitions|--throttle') echo '0 none' ;;
    'reassign-partitions|--replica-alter-log-dirs-throttle') echo '0 none' ;;
    'reassign-partitions|--timeout') echo '0 none' ;;
    'reassign-partitions|--bootstrap-controller') echo '0 none' ;;
    'reassign-partitions|--bootstrap-server') echo '0 none' ;;
    'reassign-partitions|--command-config') echo '0 files' ;;
    'reassign-partitions|--command-property') echo '0 none' ;;
    'reassign-partitions|-o'|'reassign-partitions|--output') echo '0 values text json' ;;
    'producer-perf-test|--bootstrap-server') echo '0 none' ;;
    'producer-perf-test|--topic') echo '0 topics' ;;
    'producer-perf-test|--num-records') echo '0 none' ;;
    'producer-perf-test|--throughput') echo '0 none' ;;
    'producer-perf-test|--record-size') echo '0 none' ;;
    'producer-perf-test|--payload-file') echo '0 files' ;;
    'producer-perf-test|--payload-delimiter') echo '0 none' ;;
    'producer-perf-test|--command-property') echo '0 none' ;;
    'producer-perf-test|--producer-props') echo '0 none' ;;
    'producer-perf-test|--command-config') echo '0 files' ;;
    'producer-perf-test|--producer.config') echo '0 files' ;;
    'producer-perf-test|--transactional-id') echo '0 none' ;;
    'producer-perf-test|--transaction-duration-ms') echo '0 none' ;;
    'producer-perf-test|--warmup-records') echo '0 none' ;;
    'producer-perf-test|--reporting-interval') echo '0 none' ;;
    'producer-perf-test|--record-key-range') echo '0 none' ;;
    'producer-perf-test|--key-distribution') echo '0 none' ;;
    'producer-perf-test|--random-seed') echo '0 none' ;;
    'producer-perf-test|-o'|'producer-perf-test|--output') echo '0 values text json' ;;
    'consumer-perf-test|--topic') echo '0 topics' ;;
    'consumer-perf-test|--num-records') echo '0 none' ;;
    'consumer-perf-test|--messages') echo '0 none' ;;
    'consumer-perf-test|--group') echo '0 groups' ;;
    'consumer-perf-test|--fetch-size') echo '0 none' ;;
    'consumer-perf-test|--socket-buffer-size') echo '0 none' ;;
    'consumer-perf-test|--timeout') echo '1 none' ;;
    'consumer-perf-test|--reporting-interval') echo '0 none' ;;
    'consumer-perf-test|--date-format') echo '0 none' ;;
    'consumer-perf-test|--bootstrap-server') echo '0 none' ;;
    'consumer-perf-test|--command-config') echo '0 files' ;;
    'consumer-perf-test|--consumer.config') echo '0 files' ;;
    'consumer-perf-test|--command-property') echo '0 none' ;;
    'e2e-latency|--bootstrap-server') echo '0 none' ;;
    'e2e-latency|--topic') echo '0 topics' ;;
    'e2e-latency|--num-records') echo '0 none' ;;
    'e2e-latency|--producer-acks') echo '0 none' ;;
    'e2e-latency|--record-size') echo '0 none' ;;
    'e2e-latency|--record-key-size') echo '0 none' ;;
    'e2e-latency|--command-config') echo '0 files' ;;
    'verifiable-producer|--topic') echo '0 topics' ;;
    'verifiable-producer|--max-messages') echo '0 none' ;;
    'verifiable-producer|--throughput') echo '0 none' ;;
    'verifiable-producer|--acks') echo '0 none' ;;
    'verifiable-producer|--message-create-time') echo '0 none' ;;
    'verifiable-producer|--value-prefix') echo '0 none' ;;
    'verifiable-producer|--repeating-keys') echo '0 none' ;;
    'verifiable-producer|--bootstrap-server') echo '0 none' ;;
    'verifiable-producer|--command-config') echo '0 files' ;;
    'verifiable-producer|--producer.config') echo '0 files' ;;
    'verifiable-producer|--command-property') echo '0 none' ;;
    'verifiable-consumer|--topic') echo '0 topics' ;;
    'verifiable-consumer|--group-id') echo '0 none' ;;
    'verifiable-consumer|--group-protocol') echo '0 none' ;;
    'verifiable-consumer|--group-remote-assignor') echo '0 none' ;;
    'verifiable-consumer|--group-instance-id') echo '0 none' ;;
    'verifiable-consumer|--max-messages') echo '0 none' ;;
    'verifiable-consumer|--session-timeout') echo '0 none' ;;
    'verifiable-consumer|--close-timeout') echo '0 none' ;;
    'verifiable-consumer|--reset-policy') echo '0 none' ;;
    'verifiable-consumer|--assignment-strategy') echo '0 none' ;;
    'verifiable-consumer|--bootstrap-server') echo '0 none' ;;
    'verifiable-consumer|--command-config') echo '0 files' ;;
    'verifiable-consumer|--consumer.config') echo '0 files' ;;
    'verifiable-consumer|--command-property') echo '0 none' ;;
    *) return 1 ;;
  esac
}

__tkafka_options() {
  case "$1" in
    '') echo '-V --version -h --help' ;;
    'broker') echo '-h --help' ;;
    'broker start') echo '--port --host --advertised-host --data-dir --config --config-file --foreground --ready-file --ephemeral --add-scram --secure --json -o --output -h --help' ;;
    'broker stop') echo '--data-dir --timeout -h --help' ;;
    'broker status') echo '--data-dir --json -o --output -h --help' ;;
    'broker logs') echo '--data-dir -f --follow -n --lines -h --help' ;;
    'console-producer') echo '--topic --bootstrap-server --command-config --producer.config --command-property --producer-property --reader-property --property --reader-config --sync --compression-codec --request-required-acks --timeout --batch-size --max-partition-memory-bytes --message-send-max-retries --retry-backoff-ms --request-timeout-ms --max-block-ms --max-memory-bytes --metadata-expiry-ms --socket-buffer-size --line-reader --input-format --partition --value-format --value-schema-file --value-schema-id --value-message --key-format --key-schema-file --key-schema-id --key-message --schema-registry-url -h --help' ;;
    'console-consumer') echo '--topic --include --partition --offset --group --from-beginning --max-messages --timeout-ms --isolation-level --formatter-property --property --formatter-config --formatter --key-deserializer --value-deserializer --skip-message-on-error --from-time --tail --exit-at-end --value-format --key-format --schema-registry-url --bootstrap-server --command-config --consumer.config --command-property --consumer-property --json -o --output -h --help' ;;
    'schemas') echo '-h --help' ;;
    'schemas list') echo '--deleted --prefix --schema-registry-url --command-config --command-property --json -o --output -h --help' ;;
    'schemas versions') echo '--deleted --schema-registry-url --command-config --command-property --json -o --output -h --help' ;;
    'schemas show') echo '--version --id --deleted --schema-registry-url --command-config --command-property --json -o --output -h --help' ;;
    'schemas register') echo '--schema-file --type --reference --normalize --schema-registry-url --command-config --command-property --json -o --output -h --help' ;;
    'schemas check') echo '--schema-file --type --reference --version --schema-registry-url --command-config --command-property --json -o --output -h --help' ;;
    'schemas delete') echo '--version --permanent --schema-registry-url --command-config --command-property --json -o --output -h --help' ;;
    'schemas config') echo '--set --schema-registry-url --command-config --command-property --json -o --output -h --help' ;;
    'schemas mode') echo '--set --schema-registry-url --command-config --command-property --json -o --output -h --help' ;;
    'topics') echo '--list --describe --create --alter --delete --topic --topic-id --partitions --replication-factor --replica-assignment --config --delete-config --if-exists --if-not-exists --exclude-internal --under-replicated-partitions --unavailable-partitions --under-min-isr-partitions --at-min-isr-partitions --topics-with-overrides --partition-size-limit-per-response --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'configs') echo '--describe --alter --all --entity-type --entity-name --entity-default --add-config --add-config-file --delete-config --topic --client --client-defaults --user --user-defaults --broker --broker-defaults --broker-logger --ip --ip-defaults --group --client-metrics --bootstrap-controller --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'client-metrics') echo '--alter --delete --describe --list --name --generate-name --interval --match --metrics --bootstrap-server --command-config --command-property --json -o --output -h --help' ;;
    'get-offsets') echo '--topic --partitions --topic-partitions --time --exclude-internal-topics --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'delete-records') echo '--offset-json-file --topic --partition --offset --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'log-dirs') echo '--describe --broker-list --topic-list --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'dump-log') echo '--files --print-data-log --deep-iteration --verify-index-only --index-sanity-check --max-message-size --max-bytes --key-decoder-class --value-decoder-class --offsets-decoder --transaction-log-decoder --cluster-metadata-decoder --remote-log-metadata-decoder --share-group-state-decoder --skip-record-metadata --json -o --output --version -h --help' ;;
    'consumer-groups') echo '--list --describe --delete --reset-offsets --delete-offsets --validate-regex --group --all-groups --topic --all-topics --timeout --dry-run --execute --export --to-offset --from-file --to-datetime --by-duration --to-earliest --to-latest --to-current --shift-by --members --verbose --offsets --state --type --by-topic --watch --interval --watch-count --compat-exit-codes --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'groups') echo '--list --group-type --protocol --consumer --share --streams --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'streams-groups') echo '--list --describe --delete --reset-offsets --delete-offsets --group --all-groups --input-topic --all-input-topics --timeout --state --members --offsets --topology --verbose --dry-run --execute --export --to-offset --from-file --to-datetime --by-duration --to-earliest --to-latest --to-current --shift-by --delete-internal-topic --delete-all-internal-topics --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'transactions') echo '--bootstrap-server --command-config --command-property --json -o --output -h --help' ;;
    'transactions list') echo '--bootstrap-server --command-config --command-property --json -o --output --duration-filter --transactional-id-pattern -h --help' ;;
    'transactions describe') echo '--bootstrap-server --command-config --command-property --json -o --output --transactional-id -h --help' ;;
    'transactions describe-producers') echo '--bootstrap-server --command-config --command-property --json -o --output --broker-id --topic --partition -h --help' ;;
    'transactions abort') echo '--bootstrap-server --command-config --command-property --json -o --output --topic --partition --start-offset --producer-id --producer-epoch --coordinator-epoch -h --help' ;;
    'transactions find-hanging') echo '--bootstrap-server --command-config --command-property --json -o --output --broker-id --max-transaction-timeout --topic --partition -h --help' ;;
    'transactions forceTerminateTransaction') echo '--bootstrap-server --command-config --command-property --json -o --output --transactionalId -h --help' ;;
    'streams-application-reset') echo '--application-id --input-topics --intermediate-topics --internal-topics --to-offset --to-datetime --by-duration --to-earliest --to-latest --from-file --shift-by --dry-run --force --config-file --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'lag-exporter') echo '--listen --interval --group --exclude-group --include --exclude --timeout --once --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'jmx') echo '--jmx-url --object-name --attributes --reporting-interval --one-time --report-format --date-format --wait --jmx-auth-prop --jmx-ssl-enable --json -o --output --version -h --help' ;;
    'acls') echo '--add --remove --list --topic --cluster --group --transactional-id --delegation-token --user-principal --resource-pattern-type --operation --allow-principal --deny-principal --allow-host --deny-host --principal --producer --consumer --idempotent --force --bootstrap-controller --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'delegation-tokens') echo '--create --renew --expire --describe --owner-principal --renewer-principal --max-life-time-period --renew-time-period --expiry-time-period --hmac --bootstrap-server --command-config --command-property --json -o --output -h --help' ;;
    'broker-api-versions') echo '--bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'cluster') echo '-h --help' ;;
    'cluster cluster-id') echo '--bootstrap-server --command-config --command-property --json -o --output -c --config --bootstrap-controller -h --help' ;;
    'cluster unregister') echo '--bootstrap-server --command-config --command-property --json -o --output -c --config --bootstrap-controller -i --id -h --help' ;;
    'cluster list-endpoints') echo '--bootstrap-server --command-config --command-property --json -o --output -c --config --bootstrap-controller --include-fenced-brokers -h --help' ;;
    'features') echo '--bootstrap-server --command-config --command-property --json -o --output --bootstrap-controller -h --help' ;;
    'features describe') echo '--bootstrap-server --command-config --command-property --json -o --output -h --help' ;;
    'features upgrade') echo '--bootstrap-server --command-config --command-property --json -o --output --metadata --release-version --feature --dry-run -h --help' ;;
    'features downgrade') echo '--bootstrap-server --command-config --command-property --json -o --output --metadata --release-version --feature --unsafe --dry-run -h --help' ;;
    'features disable') echo '--bootstrap-server --command-config --command-property --json -o --output --feature --unsafe --dry-run -h --help' ;;
    'features version-mapping') echo '--bootstrap-server --command-config --command-property --json -o --output --release-version -h --help' ;;
    'features feature-dependencies') echo '--bootstrap-server --command-config --command-property --json -o --output --feature -h --help' ;;
    'metadata-quorum') echo '--bootstrap-server --command-config --command-property --json -o --output -h --help' ;;
    'metadata-quorum describe') echo '--bootstrap-server --command-config --command-property --json -o --output --status --replication --human-readable -h --help' ;;
    'metadata-shell') echo '-s --snapshot --json -o --output --version -h --help' ;;
    'leader-election') echo '--election-type --topic --partition --all-topic-partitions --path-to-json-file --bootstrap-server --command-config --admin.config --command-property --json -o --output --version -h --help' ;;
    'reassign-partitions') echo '--generate --execute --verify --cancel --list --topics-to-move-json-file --broker-list --disable-rack-aware --reassignment-json-file --throttle --replica-alter-log-dirs-throttle --additional --preserve-throttles --timeout --disallow-replication-factor-change --bootstrap-controller --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'producer-perf-test') echo '--bootstrap-server --topic --num-records --throughput --record-size --payload-file --payload-delimiter --payload-monotonic --command-property --producer-props --command-config --producer.config --print-metrics --transactional-id --transaction-duration-ms --warmup-records --reporting-interval --record-key-range --key-distribution --random-seed --json -o --output -h --help' ;;
    'consumer-perf-test') echo '--topic --num-records --messages --group --from-latest --fetch-size --socket-buffer-size --timeout --reporting-interval --show-detailed-stats --date-format --hide-header --print-metrics --bootstrap-server --command-config --consumer.config --command-property -h --help' ;;
    'e2e-latency') echo '--bootstrap-server --topic --num-records --producer-acks --record-size --record-key-size --command-config -h --help' ;;
    'verifiable-producer') echo '--topic --max-messages --throughput --acks --message-create-time --value-prefix --repeating-keys --bootstrap-server --command-config --producer.config --command-property -h --help' ;;
    'verifiable-consumer') echo '--topic --group-id --group-protocol --group-remote-assignor --group-instance-id --max-messages --session-timeout --verbose --enable-autocommit --close-timeout --reset-policy --assignment-strategy --bootstrap-server --command-config --consumer.config --command-property -h --help' ;;
    'completion') echo '-h --help' ;;
  esac
}

__tkafka_words() {
  case "$1" in
    '') echo 'broker console-producer console-consumer schemas topics configs client-metrics get-offsets delete-records log-dirs dump-log consumer-groups groups streams-groups transactions streams-application-reset lag-exporter jmx acls delegation-tokens broker-api-versions cluster features metadata-quorum metadata-shell leader-election reassign-partitions producer-perf-test consumer-perf-test e2e-latency verifiable-producer verifiable-consumer completion' ;;
    'broker') echo 'start stop status logs' ;;
    'schemas') echo 'list versions show register check delete config mode' ;;
    'transactions') echo 'list describe describe-producers abort find-hanging forceTerminateTransaction' ;;
    'cluster') echo 'cluster-id unregister list-endpoints' ;;
    'features') echo 'describe upgrade downgrade disable version-mapping feature-dependencies' ;;
    'metadata-quorum') echo 'describe' ;;
    'completion') echo 'bash zsh fish' ;;
  esac
}

# Topic or group names from the broker named on the command line (cached for a few seconds).
__tkafka_dynamic() {
  local kind="$1" bin="$2" bs="" w next=0
  shift 2
  for w in "$@"; do
    if ((next)); then
      bs="$w"
      next=0
      continue
    fi
    case "$w" in
      --bootstrap-server) next=1 ;;
      --bootstrap-server=*) bs="${w#*=}" ;;
    esac
  done
  type -P "$bin" >/dev/null 2>&1 || bin=tkafka
  if [[ -n "$bs" ]]; then
    "$bin" __complete "$kind" --bootstrap-server "$bs" 2>/dev/null
  else
    "$bin" __complete "$kind" 2>/dev/null
  fi
}

_tkafka() {
  local line="${COMP_LINE:0:COMP_POINT}" cur="" path="" pending="" optional=0 w i kind
  local -a words
  read -r -a words <<<"$line"
  if [[ "$line" != *[[:space:]] && ${#words[@]} -gt 0 ]]; then
    cur="${words[${#words[@]}-1]}"
    unset 'words[${#words[@]}-1]'
  fi
  for ((i = 1; i < ${#words[@]}; i++)); do
    w="${words[i]}"
    if [[ -n "$pending" ]]; then
      pending=""
      if ((optional == 0)) || [[ "$w" != -* ]]; then continue; fi
    fi
    if [[ "$w" == -* ]]; then
      if [[ "$w" != *=* ]] && kind="$(__tkafka_value_kind "$path" "$w")"; then
        pending="$w"
        optional="${kind%% *}"
      fi
      continue
    fi
    if __tkafka_is_command "$path" "$w"; then path="${path:+$path }$w"; fi
  done
  if [[ "$cur" == --*=* ]]; then
    pending="${cur%%=*}"
    cur="${cur#*=}"
    optional=0
  fi
  COMPREPLY=()
  if [[ -n "$pending" ]] && { ((optional == 0)) || [[ "$cur" != -* ]]; } && kind="$(__tkafka_value_kind "$path" "$pending")"; then
    kind="${kind#* }"
    case "$kind" in
      topics | groups) COMPREPLY=($(compgen -W "$(__tkafka_dynamic "$kind" "${words[0]}" "${words[@]}")" -- "$cur")) ;;
      files)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        ;;
      values\ *) COMPREPLY=($(compgen -W "${kind#values }" -- "$cur")) ;;
    esac
    if ((optional == 0)) || ((${#COMPREPLY[@]} > 0)); then
      __tkafka_ltrim_colon "$cur"
      return 0
    fi
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(__tkafka_options "$path")" -- "$cur"))
  else
    local choices
    choices="$(__tkafka_words "$path")"
    if [[ -n "$choices" ]]; then
      COMPREPLY=($(compgen -W "$choices" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$(__tkafka_options "$path")" -- "$cur"))
    fi
  fi
  __tkafka_ltrim_colon "$cur"
}

# bash splits words at ':' (COMP_WORDBREAKS): drop what is already typed before the last ':'.
__tkafka_ltrim_colon() {
  if [[ "$1" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
    local prefix="${1%"${1##*:}"}" i
    for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]="${COMPREPLY[i]#"$prefix"}"; done
  fi
}

complete -F _tkafka tkafka
