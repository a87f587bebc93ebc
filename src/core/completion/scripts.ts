// Shell completion scripts generated from the command tree (completionModel). Topic and group
// names come from `tkafka __complete topics|groups`, which answers from a short-lived cache or the
// broker within a hard time limit; the scripts pass on the --bootstrap-server typed so far.
import type { CompletionValues } from './hints.js';
import { allCommands, type CompletionCommand, type CompletionOption } from './model.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** File names under completions/ (zsh's must be `_<command>` to be autoloaded from $fpath). */
export const COMPLETION_FILES: Record<Shell, string> = { bash: 'tkafka.bash', zsh: '_tkafka', fish: 'tkafka.fish' };

const HEADER = 'Generated from the tkafka command tree by `tkafka completion SHELL` (npm run gen:completions); do not edit.';

export function completionScript(shell: Shell, root: CompletionCommand): string {
  switch (shell) {
    case 'bash':
      return bashScript(root);
    case 'zsh':
      return zshScript(root);
    case 'fish':
      return fishScript(root);
  }
}

function optionNames(o: CompletionOption): string[] {
  return [o.short, o.long].filter((n): n is string => n !== null);
}

/** `values a b` / `topics` / `groups` / `files` / `none`: what a value completes to, for the scripts' lookup tables. */
function valueKind(v: CompletionValues | null): string {
  if (v === null) return 'none';
  if (typeof v === 'string') return v;
  return `values ${v.values.join(' ')}`;
}

function pathKey(c: CompletionCommand): string {
  return c.path.join(' ');
}

// ---------------------------------------------------------------------------------------------
// bash

function bashQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

function bashScript(root: CompletionCommand): string {
  const cmds = allCommands(root);
  const isCommand = cmds.filter((c) => c.path.length > 0).map((c) => `    ${bashQuote(`${c.path.slice(0, -1).join(' ')}|${c.name}`)}) return 0 ;;`);
  const valueCases: string[] = [];
  for (const c of cmds) {
    for (const o of c.options.filter((x) => x.takesValue)) {
      const pattern = optionNames(o)
        .map((n) => bashQuote(`${pathKey(c)}|${n}`))
        .join('|');
      valueCases.push(`    ${pattern}) echo ${bashQuote(`${o.optionalValue ? 1 : 0} ${valueKind(o.values)}`)} ;;`);
    }
  }
  const optionCases = cmds.map((c) => `    ${bashQuote(pathKey(c))}) echo ${bashQuote(c.options.flatMap(optionNames).join(' '))} ;;`);
  const wordCases = cmds
    .filter((c) => c.subcommands.length > 0 || c.argumentValues.length > 0)
    .map((c) => `    ${bashQuote(pathKey(c))}) echo ${bashQuote([...c.subcommands.map((s) => s.name), ...c.argumentValues].join(' '))} ;;`);
  return `# bash completion for tkafka
# ${HEADER}
# Load it with: source <(tkafka completion bash)   or copy it to /etc/bash_completion.d/tkafka

# Is $2 a subcommand of the command path $1?
__tkafka_is_command() {
  case "$1|$2" in
${isCommand.join('\n')}
  esac
  return 1
}

# "<optional 0|1> <kind> [values...]" for an option that takes a value; fails for flags.
__tkafka_value_kind() {
  case "$1|$2" in
${valueCases.join('\n')}
    *) return 1 ;;
  esac
}

__tkafka_options() {
  case "$1" in
${optionCases.join('\n')}
  esac
}

__tkafka_words() {
  case "$1" in
${wordCases.join('\n')}
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
      --bootstrap-server=*) bs="\${w#*=}" ;;
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
  local line="\${COMP_LINE:0:COMP_POINT}" cur="" path="" pending="" optional=0 w i kind
  local -a words
  read -r -a words <<<"$line"
  if [[ "$line" != *[[:space:]] && \${#words[@]} -gt 0 ]]; then
    cur="\${words[\${#words[@]}-1]}"
    unset 'words[\${#words[@]}-1]'
  fi
  for ((i = 1; i < \${#words[@]}; i++)); do
    w="\${words[i]}"
    if [[ -n "$pending" ]]; then
      pending=""
      if ((optional == 0)) || [[ "$w" != -* ]]; then continue; fi
    fi
    if [[ "$w" == -* ]]; then
      if [[ "$w" != *=* ]] && kind="$(__tkafka_value_kind "$path" "$w")"; then
        pending="$w"
        optional="\${kind%% *}"
      fi
      continue
    fi
    if __tkafka_is_command "$path" "$w"; then path="\${path:+$path }$w"; fi
  done
  if [[ "$cur" == --*=* ]]; then
    pending="\${cur%%=*}"
    cur="\${cur#*=}"
    optional=0
  fi
  COMPREPLY=()
  if [[ -n "$pending" ]] && { ((optional == 0)) || [[ "$cur" != -* ]]; } && kind="$(__tkafka_value_kind "$path" "$pending")"; then
    kind="\${kind#* }"
    case "$kind" in
      topics | groups) COMPREPLY=($(compgen -W "$(__tkafka_dynamic "$kind" "\${words[0]}" "\${words[@]}")" -- "$cur")) ;;
      files)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        ;;
      values\\ *) COMPREPLY=($(compgen -W "\${kind#values }" -- "$cur")) ;;
    esac
    if ((optional == 0)) || ((\${#COMPREPLY[@]} > 0)); then
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
    local prefix="\${1%"\${1##*:}"}" i
    for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]="\${COMPREPLY[i]#"$prefix"}"; done
  fi
}

complete -F _tkafka tkafka
`;
}

// ---------------------------------------------------------------------------------------------
// zsh

function zshQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

function zshDesc(s: string): string {
  return s.replaceAll('\\', '\\\\').replaceAll('[', '\\[').replaceAll(']', '\\]').replaceAll(':', '\\:');
}

function zshFunction(c: CompletionCommand): string {
  return `_tkafka_cmd${c.path.map((p) => `__${p.replace(/[^A-Za-z0-9]/g, '_')}`).join('')}`;
}

function zshAction(v: CompletionValues | null): string {
  if (v === null) return ' ';
  if (v === 'topics') return '__tkafka_topics';
  if (v === 'groups') return '__tkafka_groups';
  if (v === 'files') return '_files';
  return `(${v.values.map((x) => x.replace(/([\\ ()])/g, '\\$1')).join(' ')})`;
}

function zshOptionSpecs(o: CompletionOption): string[] {
  const desc = `[${zshDesc(o.description)}]`;
  return optionNames(o).map((name) => {
    if (!o.takesValue) return zshQuote(`${name}${desc}`);
    const long = name.startsWith('--');
    const sep = long ? '=' : '+';
    const colon = o.optionalValue ? '::' : ':';
    const message = (o.long ?? name).replace(/^-+/, '').replaceAll(':', '');
    return zshQuote(`*${name}${sep}${desc}${colon}${message}:${zshAction(o.values)}`);
  });
}

function zshCommand(c: CompletionCommand): string {
  const fn = zshFunction(c);
  const specs = c.options.flatMap(zshOptionSpecs);
  if (c.subcommands.length === 0) {
    if (c.argumentValues.length > 0) specs.push(zshQuote(`1:${c.name}:(${c.argumentValues.join(' ')})`));
    return `${fn}() {
  _arguments -s -S \\
    ${[...specs, "'*: :'"].join(' \\\n    ')}
}
`;
  }
  const items = c.subcommands.map((s) => zshQuote(`${s.name.replaceAll(':', '\\:')}:${s.description}`));
  const cases = c.subcommands.map((s) => `        ${zshQuote(s.name)}) ${zshFunction(s)} ;;`);
  return `${fn}() {
  local curcontext="$curcontext" state line
  typeset -A opt_args
  _arguments -C -s -S \\
    ${[...specs, "'1: :->command'", "'*:: :->args'"].join(' \\\n    ')}
  case $state in
    command)
      local -a commands
      commands=(
        ${items.join('\n        ')}
      )
      _describe -t commands 'command' commands
      ;;
    args)
      case $line[1] in
${cases.join('\n')}
      esac
      ;;
  esac
}
`;
}

function zshScript(root: CompletionCommand): string {
  return `#compdef tkafka
# zsh completion for tkafka
# ${HEADER}
# Load it from a directory of $fpath (as _tkafka, before compinit), or: source <(tkafka completion zsh)

# Topic or group names from the broker named on the command line (cached for a few seconds).
__tkafka_dynamic() {
  local kind=$1 bs="" i
  for ((i = 1; i <= $#words; i++)); do
    case ${'$'}{words[i]} in
      --bootstrap-server) bs=${'$'}{words[i+1]} ;;
      --bootstrap-server=*) bs=${'$'}{words[i]#*=} ;;
    esac
  done
  local bin=${'$'}{__tkafka_bin:-tkafka}
  (( $+commands[$bin] )) || [[ -x $bin ]] || bin=tkafka
  local -a names
  if [[ -n $bs ]]; then
    names=(${'$'}{(f)"$($bin __complete $kind --bootstrap-server $bs 2>/dev/null)"})
  else
    names=(${'$'}{(f)"$($bin __complete $kind 2>/dev/null)"})
  fi
  compadd -a names
}
__tkafka_topics() { __tkafka_dynamic topics }
__tkafka_groups() { __tkafka_dynamic groups }

${allCommands(root).map(zshCommand).join('\n')}
_tkafka() {
  local __tkafka_bin=${'$'}{words[1]}
  ${zshFunction(root)} "$@"
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _tkafka "$@"
else
  compdef _tkafka tkafka
fi
`;
}

// ---------------------------------------------------------------------------------------------
// fish

function fishQuote(s: string): string {
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function fishScript(root: CompletionCommand): string {
  const cmds = allCommands(root);
  const lines: string[] = [];
  for (const c of cmds) {
    const at = fishQuote(`__tkafka_at ${fishQuote(pathKey(c))}`);
    for (const s of c.subcommands) lines.push(`complete -c tkafka -f -n ${at} -a ${fishQuote(s.name)} -d ${fishQuote(s.description)}`);
    if (c.argumentValues.length > 0) lines.push(`complete -c tkafka -f -n ${at} -a ${fishQuote(c.argumentValues.join(' '))}`);
    for (const o of c.options) {
      let spec = `complete -c tkafka -n ${at}`;
      if (o.long !== null) spec += ` -l ${o.long.slice(2)}`;
      if (o.short !== null) spec += ` -s ${o.short.slice(1)}`;
      const v = o.values;
      if (o.takesValue && !o.optionalValue) {
        if (v === 'files') spec += ' -r -F';
        else if (v === 'topics' || v === 'groups') spec += ` -x -a ${fishQuote(`(__tkafka_dynamic ${v})`)}`;
        else if (v !== null) spec += ` -x -a ${fishQuote(v.values.join(' '))}`;
        else spec += ' -x';
      }
      lines.push(`${spec} -d ${fishQuote(o.description)}`);
      if (o.takesValue && o.optionalValue && v !== null && typeof v !== 'string' && o.long !== null) {
        lines.push(`complete -c tkafka -f -n ${fishQuote(`__tkafka_at ${fishQuote(pathKey(c))}; and __tkafka_prev_is ${o.long}`)} -a ${fishQuote(v.values.join(' '))}`);
      }
    }
  }
  const known = cmds.filter((c) => c.path.length > 0).map((c) => fishQuote(pathKey(c)));
  return `# fish completion for tkafka
# ${HEADER}
# Load it with: tkafka completion fish | source   or copy it to ~/.config/fish/completions/tkafka.fish

set -g __tkafka_commands ${known.join(' ')}

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
${lines.join('\n')}
`;
}
