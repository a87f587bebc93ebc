# fish completion for tkafka
# Generated from the tkafka command tree by `tkafka completion SHELL` (npm run gen:completions); do not edit.
# Load it with: tkafka completion fish | source   or copy it to ~/.config/fish/completions/tkafka.fish

set -g __tkafka_commands 'broker' 'broker start' 'broker stop' 'broker status' 'broker logs' 'console-producer' 'console-consumer' 'topics' 'consumer-groups' 'acls' 'completion'

# The subcommand path typed so far, e.g. "broker start".
function __tkafka_path
    set -l path
    for t in (commandline -opc)[2..-1]
        string match -q -- '-*' $t; and continue
        set -l next (string join -- ' ' $path $t)
        if contains -- $next $__tkafka_commands
            set path $path $t
        end
    end
    string join -- ' ' $path
end

function __tkafka_at
    set -l p (__tkafka_path)
    test "$p" = "$argv[1]"
end

function __tkafka_prev_is
    set -l t (commandline -opc)
    test "$t[-1]" = "$argv[1]"
end

# Topic or group names from the broker named on the command line (cached for a few seconds).
function __tkafka_dynamic
    set -l tokens (commandline -opc)
    set -l bs
    set -l n (count $tokens)
    for i in (seq $n)
        switch $tokens[$i]
            case --bootstrap-server
                if test $i -lt $n
                    set bs $tokens[(math $i + 1)]
                end
            case '--bootstrap-server=*'
                set bs (string replace -- '--bootstrap-server=' '' $tokens[$i])
        end
    end
    set -l bin $tokens[1]
    command -q $bin; or set bin tkafka
    if test -n "$bs"
        $bin __complete $argv[1] --bootstrap-server $bs 2>/dev/null
    else
        $bin __complete $argv[1] 2>/dev/null
    end
end

complete -c tkafka -f
complete -c tkafka -f -n '__tkafka_at \'\'' -a 'broker' -d 'run the bundled single-node Kafka broker: start, stop, status, logs'
complete -c tkafka -f -n '__tkafka_at \'\'' -a 'console-producer' -d 'read lines from stdin and produce one record per line to a topic (kafka-console-producer)'
complete -c tkafka -f -n '__tkafka_at \'\'' -a 'console-consumer' -d 'print records of a topic to stdout (kafka-console-consumer)'
complete -c tkafka -f -n '__tkafka_at \'\'' -a 'topics' -d 'create, list, describe, alter and delete topics: Kafka\'s kafka-topics.sh, same flags and output'
complete -c tkafka -f -n '__tkafka_at \'\'' -a 'consumer-groups' -d 'list, describe, reset and delete consumer groups: Kafka\'s kafka-consumer-groups.sh, same flags and output'
complete -c tkafka -f -n '__tkafka_at \'\'' -a 'acls' -d 'add, remove and list ACLs: Kafka\'s kafka-acls.sh, same flags and output'
complete -c tkafka -f -n '__tkafka_at \'\'' -a 'completion' -d 'print a shell completion script (bash, zsh or fish)'
complete -c tkafka -n '__tkafka_at \'\'' -l version -s V -d 'print the tkafka version'
complete -c tkafka -n '__tkafka_at \'\'' -l help -s h -d 'show help for a command'
complete -c tkafka -f -n '__tkafka_at \'broker\'' -a 'start' -d 'start the broker in the background and print its address (--foreground: run in this terminal)'
complete -c tkafka -f -n '__tkafka_at \'broker\'' -a 'stop' -d 'stop the background broker: SIGTERM, then SIGKILL after --timeout'
complete -c tkafka -f -n '__tkafka_at \'broker\'' -a 'status' -d 'show whether the broker runs, its address, pid, uptime and data dir usage (exit 1 if not running)'
complete -c tkafka -f -n '__tkafka_at \'broker\'' -a 'logs' -d 'print the background broker\'s log'
complete -c tkafka -n '__tkafka_at \'broker\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l port -x -d 'TCP port to listen on (default: 9092, or the port in listeners=)'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l host -x -d 'address to bind; 0.0.0.0 for all interfaces (default: 127.0.0.1)'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l advertised-host -x -d 'host name clients are told to connect to (default: --host)'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l data-dir -r -F -d 'broker data directory (default: $TKAFKA_DATA_DIR or ~/.tkafka/data)'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l config -r -F -d 'broker config by its Kafka name, e.g. num.partitions=3 (repeatable)'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l config-file -r -F -d 'read broker config from a server.properties file; --config wins over it'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l foreground -d 'run in this process with logs on stderr; Ctrl-C or SIGTERM stops it cleanly'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l add-scram -x -d 'create a SCRAM user before starting, kafka-storage format\'s syntax: \'SCRAM-SHA-512=[name=alice,password=alice-secret]\' (also iterations=, salt=/saltedpassword=; repeatable)'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l secure -d 'also listen with SASL_SSL on the next port: creates a CA, a broker certificate and a SCRAM-SHA-512 user in <data-dir>/secure once, and prints the client properties to use'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l json -d 'print one JSON document on stdout (same as -o json)'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l output -s o -x -a 'text json' -d 'output format'
complete -c tkafka -n '__tkafka_at \'broker start\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'broker stop\'' -l data-dir -r -F -d 'broker data directory (default: $TKAFKA_DATA_DIR or ~/.tkafka/data)'
complete -c tkafka -n '__tkafka_at \'broker stop\'' -l timeout -x -d 'how long to wait for a graceful stop, e.g. 10s, 500ms (default: 10s)'
complete -c tkafka -n '__tkafka_at \'broker stop\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'broker status\'' -l data-dir -r -F -d 'broker data directory (default: $TKAFKA_DATA_DIR or ~/.tkafka/data)'
complete -c tkafka -n '__tkafka_at \'broker status\'' -l json -d 'print one JSON document on stdout (same as -o json)'
complete -c tkafka -n '__tkafka_at \'broker status\'' -l output -s o -x -a 'text json' -d 'output format'
complete -c tkafka -n '__tkafka_at \'broker status\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'broker logs\'' -l data-dir -r -F -d 'broker data directory (default: $TKAFKA_DATA_DIR or ~/.tkafka/data)'
complete -c tkafka -n '__tkafka_at \'broker logs\'' -l follow -s f -d 'keep printing new lines until Ctrl-C'
complete -c tkafka -n '__tkafka_at \'broker logs\'' -l lines -s n -x -d 'print only the last N lines'
complete -c tkafka -n '__tkafka_at \'broker logs\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l topic -x -a '(__tkafka_dynamic topics)' -d 'the topic to produce to'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l bootstrap-server -x -d 'broker(s) to connect to (default: $TKAFKA_BOOTSTRAP_SERVER or localhost:9092)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l command-config -r -F -d 'client properties file: security.protocol, sasl.*, ssl.*, client.id, timeouts'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l producer.config -r -F -d 'old name of --command-config'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l command-property -x -d 'a client property, as in --command-config (repeatable; wins over the file)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l producer-property -x -d 'old name of --command-property'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l reader-property -x -d 'line reader setting (repeatable): parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, null.marker, ignore.error'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l property -x -d 'old name of --reader-property'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l reader-config -r -F -d 'line reader settings from a properties file (--reader-property wins)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l sync -d 'send one record at a time and wait for its acknowledgement; the first failure stops'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l compression-codec -d 'none, gzip, snappy, lz4 or zstd (the flag alone means gzip)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l request-required-acks -x -d 'acks: -1/all (default), 0 or 1'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l timeout -x -d 'linger.ms: how long a batch waits for more records (default 5)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l batch-size -x -d 'batch.size in bytes (default 16384)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l max-partition-memory-bytes -x -d 'batch.size (same as --batch-size)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l message-send-max-retries -x -d 'retries of a failed batch (default 3)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l retry-backoff-ms -x -d 'wait before a retry (default 100)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l request-timeout-ms -x -d 'request.timeout.ms (default 30000)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l max-block-ms -x -d 'how long to wait for the topic to be available (default 10000)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l max-memory-bytes -x -d 'buffer.memory: records buffered before reading pauses (default 32 MiB)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l metadata-expiry-ms -x -d 'metadata.max.age.ms (accepted for compatibility)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l socket-buffer-size -x -d 'send.buffer.bytes (accepted for compatibility)'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l line-reader -x -d 'the reader class; only the built-in LineMessageReader exists'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l input-format -x -a 'line json' -d 'line: Kafka line reader; json: the JSON lines console-consumer -o json writes'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l partition -x -d 'send every record to this partition instead of partitioning by key'
complete -c tkafka -n '__tkafka_at \'console-producer\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l topic -x -a '(__tkafka_dynamic topics)' -d 'the topic to read'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l include -x -d 'read every topic whose whole name matches this regular expression'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l partition -x -d 'read only this partition, without a consumer group'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l offset -x -d 'with --partition: \'earliest\', \'latest\' (default) or an offset'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l group -x -a '(__tkafka_dynamic groups)' -d 'the consumer group to join (offsets are committed); default: a new console-consumer-<n> that commits nothing'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l from-beginning -d 'start at the earliest record when there is no committed offset (default: only new records)'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l max-messages -x -d 'exit after printing this many records'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l timeout-ms -x -d 'exit when no record arrived for this long (exit code 0)'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l isolation-level -x -d 'read_uncommitted (default) or read_committed'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l formatter-property -x -d 'output setting (repeatable): print.timestamp, print.key, print.value, print.partition, print.offset, print.headers, print.epoch, key.separator, line.separator, headers.separator, null.literal, key.deserializer, value.deserializer'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l property -x -d 'old name of --formatter-property'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l formatter-config -r -F -d 'output settings from a properties file (--formatter-property wins)'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l formatter -x -d 'DefaultMessageFormatter (default) or NoOpMessageFormatter'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l key-deserializer -x -d 'print keys as e.g. LongDeserializer, IntegerDeserializer, UUIDDeserializer'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l value-deserializer -x -d 'print values as e.g. LongDeserializer, DoubleDeserializer, StringDeserializer'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l skip-message-on-error -d 'skip a record that cannot be printed instead of stopping'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l from-time -x -d 'start at the first record at or after this time: epoch ms, ISO date, or relative like -15m, -2h'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l tail -x -d 'start at the last N records of each partition'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l exit-at-end -d 'exit once every partition is read up to where it ended at start'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l bootstrap-server -x -d 'broker(s) to connect to (default: $TKAFKA_BOOTSTRAP_SERVER or localhost:9092)'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l command-config -r -F -d 'client properties file: security.protocol, sasl.*, ssl.*, client.id, timeouts'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l consumer.config -r -F -d 'old name of --command-config'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l command-property -x -d 'a client property, as in --command-config (repeatable; wins over the file)'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l consumer-property -x -d 'old name of --command-property'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l json -d 'print one JSON document on stdout (same as -o json)'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l output -s o -x -a 'text json' -d 'output format'
complete -c tkafka -n '__tkafka_at \'console-consumer\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'topics\'' -l list -d 'list topic names, sorted, one per line'
complete -c tkafka -n '__tkafka_at \'topics\'' -l describe -d 'show partitions, leaders, replicas, ISR and non-default configs'
complete -c tkafka -n '__tkafka_at \'topics\'' -l create -d 'create a topic'
complete -c tkafka -n '__tkafka_at \'topics\'' -l alter -d 'increase the partition count of topics (configs: use kafka-configs)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l delete -d 'delete topics'
complete -c tkafka -n '__tkafka_at \'topics\'' -l topic -x -a '(__tkafka_dynamic topics)' -d 'topic name; a Java regex (whole-name match, "a,b" = a|b) except with --create'
complete -c tkafka -n '__tkafka_at \'topics\'' -l topic-id -x -d 'describe the topic with this id (wins over --topic)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l partitions -x -d 'partition count for --create (default: broker num.partitions) or the new count for --alter'
complete -c tkafka -n '__tkafka_at \'topics\'' -l replication-factor -x -d 'replicas per partition for --create (default: broker default.replication.factor)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l replica-assignment -x -d 'manual broker ids per partition, e.g. 1:2,2:3 (--create, --alter)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l config -r -F -d 'topic config override for --create, e.g. retention.ms=86400000 (repeatable)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l delete-config -r -F -d 'no-op kept for old scripts (removed in Kafka 4.0)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l if-exists -d 'with --alter/--delete/--describe: succeed quietly when no topic matches'
complete -c tkafka -n '__tkafka_at \'topics\'' -l if-not-exists -d 'with --create: succeed quietly when the topic already exists'
complete -c tkafka -n '__tkafka_at \'topics\'' -l exclude-internal -d 'with --list/--describe: leave out __consumer_offsets and other internal topics'
complete -c tkafka -n '__tkafka_at \'topics\'' -l under-replicated-partitions -d 'with --describe: only partitions whose ISR is smaller than the replica set'
complete -c tkafka -n '__tkafka_at \'topics\'' -l unavailable-partitions -d 'with --describe: only partitions without a live leader'
complete -c tkafka -n '__tkafka_at \'topics\'' -l under-min-isr-partitions -d 'with --describe: only partitions whose ISR is below min.insync.replicas'
complete -c tkafka -n '__tkafka_at \'topics\'' -l at-min-isr-partitions -d 'with --describe: only partitions whose ISR equals min.insync.replicas'
complete -c tkafka -n '__tkafka_at \'topics\'' -l topics-with-overrides -d 'with --describe: only topics with non-default configs (summary lines only)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l partition-size-limit-per-response -x -d 'with --describe: partitions per DescribeTopicPartitions response (default: 2000)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l bootstrap-server -x -d 'broker(s) to connect to (default: $TKAFKA_BOOTSTRAP_SERVER or localhost:9092)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l command-config -r -F -d 'client properties file: security.protocol, sasl.*, ssl.*, client.id, timeouts'
complete -c tkafka -n '__tkafka_at \'topics\'' -l command-property -x -d 'a client property, as in --command-config (repeatable; wins over the file)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l json -d 'print one JSON document on stdout (same as -o json)'
complete -c tkafka -n '__tkafka_at \'topics\'' -l output -s o -x -a 'text json' -d 'output format'
complete -c tkafka -n '__tkafka_at \'topics\'' -l version -d 'print the tkafka version'
complete -c tkafka -n '__tkafka_at \'topics\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l list -d 'list consumer groups'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l describe -d 'describe groups: offsets and lag per partition (default), --members or --state'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l delete -d 'delete groups (they must have no members)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l reset-offsets -d 'reset committed offsets of inactive groups (dry run unless --execute)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l delete-offsets -d 'delete the committed offsets of one group for --topic'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l validate-regex -x -d 'check a regular expression (KIP-848 subscriptions)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l group -x -a '(__tkafka_dynamic groups)' -d 'the consumer group (repeatable)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l all-groups -d 'apply to all consumer groups'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l topic -x -a '(__tkafka_dynamic topics)' -d 'topic, or topic:0,1,2 for some partitions (repeatable); for --reset-offsets and --delete-offsets'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l all-topics -d 'with --reset-offsets: every topic the group has committed offsets for'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l timeout -x -d 'time to wait for the group coordinator and admin requests'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l dry-run -d 'with --reset-offsets: show the plan, change nothing (the default)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l execute -d 'with --reset-offsets: commit the new offsets'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l export -d 'with --reset-offsets: print the plan as CSV (for --from-file)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l to-offset -x -d 'reset to this offset'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l from-file -r -F -d 'reset to the offsets in a CSV file (as --export writes it)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l to-datetime -x -d 'reset to the first offset at or after this time: \'YYYY-MM-DDTHH:mm:SS.sss[zone]\''
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l by-duration -x -d 'reset to the offset this long ago: \'PnDTnHnMnS\''
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l to-earliest -d 'reset to the earliest offset'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l to-latest -d 'reset to the latest offset'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l to-current -d 'reset to the committed offset (latest where none)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l shift-by -x -d 'move the committed offset by n (negative: back)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l members -d 'with --describe: the members of the group'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l verbose -d 'with --describe: more detail (leader epochs, assignments)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l offsets -d 'with --describe: offsets and lag per partition (the default view)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l state -d 'with --describe: the group state; with --list: add a STATE column, or only groups in these states (comma-separated)'
complete -c tkafka -f -n '__tkafka_at \'consumer-groups\'; and __tkafka_prev_is --state' -a 'Stable Empty PreparingRebalance CompletingRebalance Dead Assigning Reconciling'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l type -d 'with --list: add a TYPE column, or only groups of these types (classic,consumer)'
complete -c tkafka -f -n '__tkafka_at \'consumer-groups\'; and __tkafka_prev_is --type' -a 'classic consumer'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l by-topic -d 'with --describe: one line per topic with summed offsets and lag'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l watch -d 'with --describe: redraw the lag view every --interval (a JSON line per interval on a pipe)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l interval -x -d 'with --watch: time between refreshes, e.g. 500ms, 2s (default: 2s)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l watch-count -x -d 'with --watch: stop after n refreshes'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l compat-exit-codes -d 'exit 0 after \'Error:\' lines and 1 on usage errors, as kafka-consumer-groups.sh does'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l bootstrap-server -x -d 'broker(s) to connect to (default: $TKAFKA_BOOTSTRAP_SERVER or localhost:9092)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l command-config -r -F -d 'client properties file: security.protocol, sasl.*, ssl.*, client.id, timeouts'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l command-property -x -d 'a client property, as in --command-config (repeatable; wins over the file)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l json -d 'print one JSON document on stdout (same as -o json)'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l output -s o -x -a 'text json' -d 'output format'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l version -d 'print the tkafka version'
complete -c tkafka -n '__tkafka_at \'consumer-groups\'' -l help -s h -d 'show help for a command'
complete -c tkafka -n '__tkafka_at \'acls\'' -l add -d 'add ACLs'
complete -c tkafka -n '__tkafka_at \'acls\'' -l remove -d 'remove ACLs (asks for each resource unless --force)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l list -d 'list ACLs, of the given resources or all'
complete -c tkafka -n '__tkafka_at \'acls\'' -l topic -x -a '(__tkafka_dynamic topics)' -d 'topic of the ACLs; \'*\' means all topics (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l cluster -d 'the cluster resource (kafka-cluster)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l group -x -a '(__tkafka_dynamic groups)' -d 'consumer group of the ACLs; \'*\' means all groups (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l transactional-id -x -d 'transactional id of the ACLs; \'*\' means all (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l delegation-token -x -d 'delegation token of the ACLs; \'*\' means all (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l user-principal -x -d 'a user principal as the resource (CreateTokens, DescribeTokens) (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l resource-pattern-type -x -a 'literal prefixed any match' -d 'literal or prefixed (add); also any or match (list, remove)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l operation -x -a 'All Read Write Create Delete Alter Describe ClusterAction DescribeConfigs AlterConfigs IdempotentWrite CreateTokens DescribeTokens TwoPhaseCommit' -d 'operation allowed or denied (repeatable; default All): All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit'
complete -c tkafka -n '__tkafka_at \'acls\'' -l allow-principal -x -d 'principal allowed, as Type:name, e.g. User:alice or User:\'*\' (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l deny-principal -x -d 'principal denied, as Type:name (repeatable); DENY wins over ALLOW'
complete -c tkafka -n '__tkafka_at \'acls\'' -l allow-host -x -d 'host (IP) the allowed principals may connect from (default \'*\') (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l deny-host -x -d 'host (IP) the denied principals are refused from (default \'*\') (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l principal -x -d 'with --list: only the ACLs of this principal (repeatable)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l producer -d 'producer role: WRITE, DESCRIBE, CREATE on --topic (and WRITE, DESCRIBE on --transactional-id)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l consumer -d 'consumer role: READ, DESCRIBE on --topic and READ on --group'
complete -c tkafka -n '__tkafka_at \'acls\'' -l idempotent -d 'with --producer: also IDEMPOTENT_WRITE on the cluster'
complete -c tkafka -n '__tkafka_at \'acls\'' -l force -d 'remove without asking'
complete -c tkafka -n '__tkafka_at \'acls\'' -l bootstrap-controller -x -d 'controller(s) to connect to instead of --bootstrap-server'
complete -c tkafka -n '__tkafka_at \'acls\'' -l bootstrap-server -x -d 'broker(s) to connect to (default: $TKAFKA_BOOTSTRAP_SERVER or localhost:9092)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l command-config -r -F -d 'client properties file: security.protocol, sasl.*, ssl.*, client.id, timeouts'
complete -c tkafka -n '__tkafka_at \'acls\'' -l command-property -x -d 'a client property, as in --command-config (repeatable; wins over the file)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l json -d 'print one JSON document on stdout (same as -o json)'
complete -c tkafka -n '__tkafka_at \'acls\'' -l output -s o -x -a 'text json' -d 'output format'
complete -c tkafka -n '__tkafka_at \'acls\'' -l version -d 'print the tkafka version'
complete -c tkafka -n '__tkafka_at \'acls\'' -l help -s h -d 'show help for a command'
complete -c tkafka -f -n '__tkafka_at \'completion\'' -a 'bash zsh fish'
complete -c tkafka -n '__tkafka_at \'completion\'' -l help -s h -d 'show help for a command'
