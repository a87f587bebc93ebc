import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../../src/cli/output/io.js';
import { createProgram } from '../../../src/cli/program.js';

// `tkafka --help` groups the commands by purpose, and every kafka-* drop-in names its script.
describe('tkafka --help', () => {
  const program = createProgram(memoryIO());
  // lag-exporter stands in for danielqsj/kafka_exporter and schemas is tkafka's own: not Kafka scripts.
  const tools = program.commands.filter((c) => !['broker', 'schemas', 'completion', '__complete', 'lag-exporter'].includes(c.name()));

  it('puts every command in a purpose group, in this order', () => {
    const groups = new Map<string, string[]>();
    for (const c of program.commands) {
      if (c.name() === '__complete') continue;
      const g = c.helpGroup();
      groups.set(g, [...(groups.get(g) ?? []), c.name()]);
    }
    expect([...groups.keys()]).toEqual([
      'Broker:',
      'Produce and consume:',
      'Schemas:',
      'Topics, records and configs:',
      'Groups and transactions:',
      'Monitoring:',
      'Security:',
      'Cluster operations:',
      'Performance and verification:',
      'Shell:',
    ]);
    expect(groups.get('Produce and consume:')).toEqual(['console-producer', 'console-consumer']);
    expect(groups.get('Schemas:')).toEqual(['schemas']);
    expect(groups.get('Shell:')).toEqual(['completion']);
    expect(groups.get('Monitoring:')).toEqual(['lag-exporter', 'jmx']);
    expect(program.commands.find((c) => c.name() === 'lag-exporter')?.description()).toContain("kafka_exporter's metrics");
  });

  it("each tool's description names its Kafka script, and its --help shows it", () => {
    for (const c of tools) expect(c.description(), c.name()).toContain(`kafka-${c.name()}.sh`);
    const io = memoryIO();
    const p = createProgram(io);
    expect(() => p.parse(['get-offsets', '--help'], { from: 'user' })).toThrow();
    expect(io.stdoutText()).toContain('(kafka-get-offsets.sh)');
  });
});
