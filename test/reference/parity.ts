// Side by side: one of Kafka's own tools and the same tkafka command, with the same arguments, against the
// same cluster in the same state. Stateful scenarios give each side its own resources through `name()`
// (`<base>-k` for Kafka's tool, `<base>-t` for tkafka: same length, so column widths match) and the
// comparison maps both back to `<base>`. What may differ by nature (ids, hosts, times) is normalised per
// scenario; every other difference fails the test unless it is one of the documented DEVIATIONS.
import { expect } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runKafkaTool, type KafkaClusterInfo, type ToolResult } from './kafka-ref.js';
import { logParity, type ParityRow } from './parity-table.js';

export type Tool = 'topics' | 'console-producer' | 'console-consumer' | 'consumer-groups';

export const KAFKA_TOOL: Record<Tool, string> = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  'console-producer': 'org.apache.kafka.tools.ConsoleProducer',
  'console-consumer': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  'consumer-groups': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
};

export type SideName = 'k' | 't';

export interface Outcome {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** An intentional, documented difference: `apply` maps both outcomes to what must then be equal. */
export interface Deviation {
  why: string;
  apply(kafka: Outcome, ours: Outcome): [Outcome, Outcome];
}

const LOG4J_LINE = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) /;

/** Kafka's stderr without log4j records (of one level, when given) and the stack traces that follow them. */
export function stripLog4j(stderr: string, level?: string): string {
  const out: string[] = [];
  let inRecord = false;
  for (const line of stderr.split('\n')) {
    const m = LOG4J_LINE.exec(line);
    if (m !== null && (level === undefined || m[1] === level)) {
      inRecord = true;
      continue;
    }
    if (inRecord && (/^\s+at /.test(line) || /^Caused by: /.test(line) || /^\s+\.\.\. \d+ more/.test(line) || /^[\w.$]+(Exception|Error)(: |$)/.test(line) || line.startsWith(' ('))) continue;
    inRecord = false;
    out.push(line);
  }
  return out.join('\n');
}

/** Our stderr without `tkafka: ` error lines and the hint line that may follow one. */
function stripOurErrorLines(stderr: string): string {
  const out: string[] = [];
  const lines = stderr.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('tkafka: ')) {
      // A hint, when present, is the next line and never starts like data.
      if (i + 1 < lines.length && (lines[i + 1] as string) !== '' && !(lines[i + 1] as string).startsWith('tkafka: ')) i++;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

export const DEVIATIONS = {
  'error-log': {
    why: "Kafka's tool also logs the exception through log4j on stderr (with a stack trace); tkafka prints one line `tkafka: <message>` (and a hint), never a stack trace",
    apply: (k, t) => [
      { ...k, stderr: stripLog4j(k.stderr) },
      { ...t, stderr: stripOurErrorLines(t.stderr) },
    ],
  },
  'exit-code': {
    why: "Kafka's tool exits 0 after printing its error; tkafka exits 1 on a failed operation (--compat-exit-codes gives Kafka's 0 for consumer-groups)",
    apply: (k, t) => [k, k.exitCode === 0 && t.exitCode === 1 ? { ...t, exitCode: 0 } : t],
  },
  hint: {
    why: 'tkafka adds a hint line on stderr after some errors (e.g. "Add --if-not-exists to treat an existing topic as success."); stdout stays Kafka\'s',
    apply: (k, t) => [k, { ...t, stderr: t.stderr.replace(/[^\n]*\n?$/, '') }],
  },
  usage: {
    why: "On a usage error Kafka's tool prints its message and then its whole option list, and exits 1; tkafka prints the same message as one line `tkafka: <message>` with a --help hint, and exits 2",
    apply: (k, t) => [
      { stdout: '', stderr: usageMessage(k.stdout + k.stderr), exitCode: 2 },
      { stdout: t.stdout, stderr: usageMessage(t.stderr.replace(/^tkafka: /, '')), exitCode: t.exitCode },
    ],
  },
  'stack-trace': {
    why: "After its `Error: ...` line Kafka's tool prints the exception's Java stack trace on stderr (Throwable.printStackTrace); tkafka prints the same `Error:` line and no stack trace",
    apply: (k, t) => [{ ...k, stderr: stripJavaStackTraces(k.stderr) }, t],
  },
  'jopt-exception': {
    why: 'A command line that jopt-simple rejects while parsing (an unknown option, an option unavailable next to the others) escapes Kafka\'s tool as an uncaught exception (`Exception in thread "main" joptsimple.<X>Exception: <message>` and a stack trace, exit 1); tkafka reports it as a usage error `tkafka: <message>` (for an unknown option commander\'s `unknown option \'--x\'`), exit 2',
    apply: (k, t) => {
      const m = /^Exception in thread "main" joptsimple\.\w+: (.*)$/m.exec(k.stderr);
      const message = (m?.[1] ?? k.stderr).replace(/^(\S+) is not a recognized option$/, "unknown option '--$1'");
      return [
        { stdout: k.stdout, stderr: message, exitCode: k.exitCode === 1 ? 2 : k.exitCode },
        { ...t, stderr: (/^tkafka: (.*)$/m.exec(t.stderr)?.[1] ?? t.stderr).trim() },
      ];
    },
  },
  'reset-plan-columns': {
    why: 'A consumer-groups --reset-offsets dry run shows, after Kafka\'s GROUP/TOPIC/PARTITION/NEW-OFFSET columns, the current offset and the lag before → after (README: "Resetting offsets safely"); with those two columns removed the text is Kafka\'s',
    apply: (k, t) => [k, { ...t, stdout: t.stdout.replace(/^(.*NEW-OFFSET) +CURRENT-OFFSET +LAG$/gm, '$1').replace(/^(.*\S) +(?:-|-?\d+) +(?:-|-?\d+) → -?\d+$/gm, '$1') }],
  },
  'default-bootstrap': {
    why: 'Without --bootstrap-server Kafka\'s tool stops with `Missing required argument "[bootstrap-server]"`; tkafka takes $TKAFKA_BOOTSTRAP_SERVER or localhost:9092 (README, "The tools") and reports what answers there',
    apply: (k, t) =>
      /^Missing required argument "\[bootstrap-server\]"/.test(k.stderr) && t.exitCode !== 0 && /^tkafka: /m.test(t.stderr)
        ? [
            { stdout: '', stderr: '<no bootstrap server given>', exitCode: 1 },
            { stdout: '', stderr: '<no bootstrap server given>', exitCode: 1 },
          ]
        : [k, t],
  },
  'kip848-notice': {
    why: "Kafka 4's consumer, in a classic-protocol group on a broker that offers KIP-848, prints a notice on stderr recommending group.protocol=consumer; tkafka's consumer also defaults to the classic protocol (`--consumer-property group.protocol=consumer` selects KIP-848) and prints no such notice",
    // The console consumer prints it as its first line, consumer-groups as its last.
    apply: (k, t) => [{ ...k, stderr: k.stderr.replace(/^The consumer rebalance protocol \(KIP-848\) is production-ready![^\n]*\n/, '').replace(/\n?The consumer rebalance protocol \(KIP-848\) is production-ready![^\n]*/, '') }, t],
  },
  'deprecated-option-notice': {
    why: "Kafka 4 prints a notice on stdout for an old option name (`Warning: --producer.config is deprecated and will be removed in a future version. Use --command-config instead.`, `Option --property is deprecated ...`), mixed with the data; tkafka accepts the old names as plain aliases (README, \"The tools\") and keeps stdout for data",
    apply: (k, t) => [{ ...k, stdout: k.stdout.replace(/^(?:Warning: |Option )--\S+ is deprecated and will be removed in a future version\. Use --\S+ instead\.\n/gm, '') }, t],
  },
  'timeout-log': {
    why: "When --timeout-ms expires Kafka's console consumer logs `ERROR Error processing message, terminating consumer process:` with a TimeoutException through log4j on stderr (and exits 0); tkafka ends quietly: the timeout is the requested way to stop",
    apply: (k, t) => [{ ...k, stderr: k.stderr.replace(/^\[[^\]]+\] ERROR Error processing message, terminating consumer process: {2}\(org\.apache\.kafka\.tools\.consumer\.ConsoleConsumer\)\norg\.apache\.kafka\.common\.errors\.TimeoutException\n/m, '') }, t],
  },
  'client-log': {
    why: "Kafka's Java client logs WARN records through log4j on stderr while it retries (a topic being auto-created: UNKNOWN_TOPIC_OR_PARTITION; a refused connection: `Connection to node -1 ... could not be established`); tkafka's client retries silently",
    apply: (k, t) => [{ ...k, stderr: stripLog4j(k.stderr, 'WARN') }, t],
  },
  'java-exception': {
    why: "Kafka's tool dies with an uncaught Java exception (a ConfigException for a bad producer/consumer setting, a KafkaException for a bad input line), printed as `<class>: <message>` with its stack trace; tkafka prints the same message as one line `tkafka: <message>`, never a stack trace",
    apply: (k, t) => {
      const m = /^(?:Exception in thread "[^"]*" )?(?:[\w$]+\.)+[\w$]*(?:Exception|Error): (.*)$/m.exec(k.stderr);
      return [
        { ...k, stderr: m?.[1] ?? k.stderr },
        { ...t, stderr: (/^tkafka: (.*)$/m.exec(t.stderr)?.[1] ?? t.stderr).trim() },
      ];
    },
  },
} satisfies Record<string, Deviation>;

/** Stderr without Java stack traces: `x.y.SomeException: ...`, `\tat ...`, `Caused by: ...`, `\t... N more`. */
function stripJavaStackTraces(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !(/^([\w$]+\.)+[\w$]*(Exception|Error)(: |$)/.test(l) || /^\s+at /.test(l) || /^Caused by: /.test(l) || /^\s+\.\.\. \d+ more$/.test(l)))
    .join('\n');
}

/**
 * The first line of a usage error, which both sides must share (Kafka's option list after it is dropped).
 * TopicCommand reports jopt-simple's parse errors through its generic "Error while executing topic
 * command : " catch; tkafka reports them as what they are, a usage error.
 */
function usageMessage(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim().replace(/^Error while executing topic command : /, '');
}

export type DeviationId = keyof typeof DEVIATIONS;

export interface Scenario {
  tier: string;
  name: string;
  tool: Tool;
  /** Arguments for one side; `name(base)` gives that side's resource name. */
  args(name: (base: string) => string, side: SideName): string[];
  input?: string | ((name: (base: string) => string) => string);
  /** Normalises what differs by nature (ids, hosts, times), applied to stdout and stderr of both sides. */
  normalise?: (text: string) => string;
  deviations?: DeviationId[];
  timeoutMs?: number;
  /** Extra environment for the tkafka side (e.g. TKAFKA_BOOTSTRAP_SERVER). */
  env?: Record<string, string>;
}

export interface ParityResult {
  kafka: Outcome;
  ours: Outcome;
  row: ParityRow;
}

export function sideName(side: SideName): (base: string) => string {
  return (base) => `${base}-${side}`;
}

/**
 * Maps both sides' names (`<base>-k`, `<base>-t`) to `<base>-X`: a listing shows the other side's
 * resources too, and each side must show them the same way.
 */
function unname(text: string, _side: SideName): string {
  return text.replace(/([A-Za-z0-9._]+)-[kt](?![A-Za-z0-9_])/g, '$1-X');
}

function same(a: Outcome, b: Outcome): boolean {
  return a.stdout === b.stdout && a.stderr === b.stderr && a.exitCode === b.exitCode;
}

function normalised(o: Outcome, side: SideName, f: (s: string) => string): Outcome {
  return { stdout: f(unname(o.stdout, side)), stderr: f(unname(o.stderr, side)), exitCode: o.exitCode };
}

/** Runs Kafka's tool, then tkafka, and classifies the pair; does not assert. */
export async function sideBySide(cluster: Pick<KafkaClusterInfo, 'toolJvmArgs' | 'lib'>, s: Scenario): Promise<ParityResult> {
  const run = async (side: SideName): Promise<Outcome> => {
    const name = sideName(side);
    const args = s.args(name, side);
    const input = typeof s.input === 'function' ? s.input(name) : s.input;
    if (side === 'k') {
      const r: ToolResult = await runKafkaTool(cluster, KAFKA_TOOL[s.tool], args, { ...(input === undefined ? {} : { input }), timeoutMs: s.timeoutMs ?? 60_000 });
      return r;
    }
    const r = await runCli([s.tool, ...args], { ...(input === undefined ? {} : { input }), ...(s.env === undefined ? {} : { env: s.env }), timeoutMs: s.timeoutMs ?? 60_000 });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
  const kafka = await run('k');
  const ours = await run('t');
  const f = s.normalise ?? ((x: string) => x);
  const kn = normalised(kafka, 'k', f);
  const tn = normalised(ours, 't', f);
  let result: ParityRow['result'];
  let why: string | undefined;
  if (same(normalised(kafka, 'k', (x) => x), normalised(ours, 't', (x) => x)) && s.normalise === undefined) result = 'identical';
  else if (same(kn, tn)) result = 'normalised-identical';
  else {
    let [k2, t2] = [kn, tn];
    for (const id of s.deviations ?? []) [k2, t2] = DEVIATIONS[id].apply(k2, t2);
    result = 'differs';
    why = same(k2, t2) ? (s.deviations ?? []).map((id) => DEVIATIONS[id].why).join('; ') : 'UNDOCUMENTED DIFFERENCE';
  }
  const row: ParityRow = { tier: s.tier, scenario: s.name, result, ...(why === undefined ? {} : { why }) };
  return { kafka, ours, row };
}

/** Runs a scenario side by side, logs its parity row, and fails on any undocumented difference. */
export async function expectParity(cluster: Pick<KafkaClusterInfo, 'toolJvmArgs' | 'lib'>, s: Scenario): Promise<ParityResult> {
  const r = await sideBySide(cluster, s);
  logParity(r.row);
  if (r.row.why === 'UNDOCUMENTED DIFFERENCE') {
    const f = s.normalise ?? ((x: string) => x);
    let [k, t] = [normalised(r.kafka, 'k', f), normalised(r.ours, 't', f)];
    for (const id of s.deviations ?? []) [k, t] = DEVIATIONS[id].apply(k, t);
    expect(t, `tkafka ${s.tool} differs from ${KAFKA_TOOL[s.tool]} in "${s.name}"`).toEqual(k);
  }
  return r;
}

/** Common nature-normalisers. */
export const norm = {
  topicIds: (s: string): string => s.replace(/TopicId: [A-Za-z0-9_-]{22}/g, 'TopicId: <id>'),
  /** Member ids, client hosts and client ids that embed a process-specific part. */
  members: (s: string): string => s.replace(/\b(consumer|console-consumer)-[\w.-]*?-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<member>').replace(/\/127\.0\.0\.1\b/g, '/<host>'),
  compose:
    (...fs: Array<(s: string) => string>) =>
    (s: string): string =>
      fs.reduce((acc, f) => f(acc), s),
};
