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
    '|topics') return 0 ;;
    '|consumer-groups') return 0 ;;
    '|acls') return 0 ;;
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
    'console-consumer|--bootstrap-server') echo '0 none' ;;
    'console-consumer|--command-config') echo '0 files' ;;
    'console-consumer|--consumer.config') echo '0 files' ;;
    'console-consumer|--command-property') echo '0 none' ;;
    'console-consumer|--consumer-property') echo '0 none' ;;
    'console-consumer|-o'|'console-consumer|--output') echo '0 values text json' ;;
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
    *) return 1 ;;
  esac
}

__tkafka_options() {
  case "$1" in
    '') echo '-V --version -h --help' ;;
    'broker') echo '-h --help' ;;
    'broker start') echo '--port --host --advertised-host --data-dir --config --config-file --foreground --add-scram --secure --json -o --output -h --help' ;;
    'broker stop') echo '--data-dir --timeout -h --help' ;;
    'broker status') echo '--data-dir --json -o --output -h --help' ;;
    'broker logs') echo '--data-dir -f --follow -n --lines -h --help' ;;
    'console-producer') echo '--topic --bootstrap-server --command-config --producer.config --command-property --producer-property --reader-property --property --reader-config --sync --compression-codec --request-required-acks --timeout --batch-size --max-partition-memory-bytes --message-send-max-retries --retry-backoff-ms --request-timeout-ms --max-block-ms --max-memory-bytes --metadata-expiry-ms --socket-buffer-size --line-reader --input-format --partition -h --help' ;;
    'console-consumer') echo '--topic --include --partition --offset --group --from-beginning --max-messages --timeout-ms --isolation-level --formatter-property --property --formatter-config --formatter --key-deserializer --value-deserializer --skip-message-on-error --from-time --tail --exit-at-end --bootstrap-server --command-config --consumer.config --command-property --consumer-property --json -o --output -h --help' ;;
    'topics') echo '--list --describe --create --alter --delete --topic --topic-id --partitions --replication-factor --replica-assignment --config --delete-config --if-exists --if-not-exists --exclude-internal --under-replicated-partitions --unavailable-partitions --under-min-isr-partitions --at-min-isr-partitions --topics-with-overrides --partition-size-limit-per-response --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'consumer-groups') echo '--list --describe --delete --reset-offsets --delete-offsets --validate-regex --group --all-groups --topic --all-topics --timeout --dry-run --execute --export --to-offset --from-file --to-datetime --by-duration --to-earliest --to-latest --to-current --shift-by --members --verbose --offsets --state --type --by-topic --watch --interval --watch-count --compat-exit-codes --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'acls') echo '--add --remove --list --topic --cluster --group --transactional-id --delegation-token --user-principal --resource-pattern-type --operation --allow-principal --deny-principal --allow-host --deny-host --principal --producer --consumer --idempotent --force --bootstrap-controller --bootstrap-server --command-config --command-property --json -o --output --version -h --help' ;;
    'completion') echo '-h --help' ;;
  esac
}

__tkafka_words() {
  case "$1" in
    '') echo 'broker console-producer console-consumer topics consumer-groups acls completion' ;;
    'broker') echo 'start stop status logs' ;;
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
