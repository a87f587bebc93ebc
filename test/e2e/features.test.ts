import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js features against a real broker: kafka-features.sh's describe lines (Kafka
// 4.4's layout), updates refused with the controller's messages (the levels here are fixed), a
// no-op update to the finalized level, and the offline version-mapping and feature-dependencies.

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker();
});

afterAll(async () => {
  await b.dispose();
});

function features(...args: string[]): Promise<CliResult> {
  return runCli(['features', '--bootstrap-server', b.bootstrap, ...args]);
}

const line = (f: string, min: string, max: string, fin: string): string => `Feature: ${f.padEnd(40)}  SupportedMinVersion: ${min.padEnd(15)}  SupportedMaxVersion: ${max.padEnd(15)}  FinalizedVersionLevel: ${fin.padEnd(15)}  Epoch: 0\n`;

describe('tkafka features', () => {
  it('describe: the features this broker serves, metadata.version by release name', async () => {
    expect(await features('describe')).toMatchObject({
      stdout: line('group.version', '0', '1', '1') + line('kraft.version', '0', '0', '0') + line('metadata.version', '3.3-IV3', '4.4-IV2', '4.4-IV2') + line('transaction.version', '0', '0', '0'),
      stderr: '',
      exitCode: 0,
    });
  });

  it("upgrade/downgrade/disable: the finalized level succeeds, anything else gets the controller's refusal", async () => {
    expect(await features('upgrade', '--feature', 'group.version=1')).toMatchObject({ stdout: 'group.version was upgraded to 1.\n', stderr: '', exitCode: 0 });
    expect(await features('upgrade', '--feature', 'metadata.version=33', '--dry-run')).toMatchObject({ stdout: 'metadata.version can be upgraded to 33.\n', exitCode: 0 });
    const all = 'The update failed for all features since the following feature had an error: ';
    expect(await features('upgrade', '--feature', 'transaction.version=2')).toMatchObject({
      stdout: `Could not upgrade transaction.version to 2. ${all}Invalid update version 2 for feature transaction.version. Local controller 1 does not support this feature.\n`,
      stderr: '1 out of 1 operation(s) failed.\n',
      exitCode: 1,
    });
    expect(await features('disable', '--feature', 'group.version', '--dry-run')).toMatchObject({
      stdout: `Can not disable group.version. ${all}Invalid update version 0 for feature group.version. Local controller 1 only supports versions 1\n`,
      stderr: '1 out of 1 operation(s) failed.\n',
      exitCode: 1,
    });
    expect(await features('downgrade', '--metadata', '4.0-IV3')).toMatchObject({
      stdout: ` \`metadata\` flag is deprecated and may be removed in a future release.\nCould not downgrade metadata.version to 25. ${all}Invalid metadata.version 25. Refusing to perform the requested downgrade because it might delete metadata information.\n`,
      stderr: '1 out of 1 operation(s) failed.\n',
      exitCode: 1,
    });
    expect(await features('upgrade', '--feature', 'metadata.version=20')).toMatchObject({
      stdout: `Could not upgrade metadata.version to 20. ${all}Invalid update version 20 for feature metadata.version. Can't downgrade the version of this feature without setting the upgrade type to either safe or unsafe downgrade.\n`,
      exitCode: 1,
    });
    expect(await features('upgrade')).toMatchObject({ stdout: '', stderr: 'You must specify at least one feature to upgrade\n', exitCode: 1 });
    const unknown = await features('upgrade', '--release-version', '9.9');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/^Unknown metadata.version '9.9'. Supported metadata.version are: 3.3-IV3, .*, 4.4-IV2, 4.5-IV0\n$/);
  });

  it("version-mapping and feature-dependencies: Kafka 4.4's tables, no broker needed", async () => {
    expect(await runCli(['features', 'version-mapping'])).toMatchObject({
      stdout: 'metadata.version=33 (4.4-IV2)\nkraft.version=1\ntransaction.version=2\ngroup.version=1\neligible.leader.replicas.version=1\nshare.version=2\nstreams.version=1\n',
      exitCode: 0,
    });
    expect((await runCli(['features', 'version-mapping', '--release-version', '3.9-IV0'])).stdout).toBe(
      'metadata.version=21 (3.9-IV0)\nkraft.version=1\ntransaction.version=0\ngroup.version=0\neligible.leader.replicas.version=0\nshare.version=0\nstreams.version=0\n',
    );
    expect(await runCli(['features', 'feature-dependencies', '--feature', 'eligible.leader.replicas.version=1', '--feature', 'metadata.version=33'])).toMatchObject({
      stdout: 'eligible.leader.replicas.version=1 requires:\n    metadata.version=23 (4.0-IV1)\nmetadata.version=33 (4.4-IV2) has no dependencies.\n',
      exitCode: 0,
    });
    expect(await runCli(['features', 'feature-dependencies', '--feature', 'kraft.version=2'])).toMatchObject({ stderr: 'No feature:kraft.version with feature level 2\n', exitCode: 1 });
    expect(await runCli(['features', 'feature-dependencies', '--feature', 'foo.version=1'])).toMatchObject({ stderr: 'Unknown feature: foo.version\n', exitCode: 1 });
  });
});
