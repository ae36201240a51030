import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { create } from 'xmlbuilder2';

import { silentLogger } from '../../app/logging/logger.ts';
import type { CommandRunner } from '../../app/os/command-runner.ts';
import { wakeName } from '../../app/os/wake/wake-name.ts';
import { TaskSchedulerWakeScheduler } from '../../app/os/wake/windows/task-scheduler-wake-scheduler.ts';
import {
  encodeTaskXml,
  NETWORK_CONNECTED_QUERY,
  TASK_NAMESPACE,
  taskSchedulerXml,
  taskStartBoundary,
} from '../../app/os/wake/windows/task-xml.ts';
import { quoteWindowsArgument, windowsCommandLine } from '../../app/os/wake/windows/windows-command-line.ts';

/** xmlbuilder2's builder type (its interfaces module is not exported). */
type XMLBuilder = ReturnType<typeof create>;

const root = mkdtempSync(join(tmpdir(), 'pwa-host-wake-windows-'));
after(() => rmSync(root, { recursive: true, force: true }));

const program = 'C:\\Program Files\\PWA Host\\PWA Host.exe';
const dataDir = 'C:\\Users\\Zoë O\'Neil\\AppData\\Roaming\\PWA Host & <Co> "100%"\\';
const command = [program, '--data-dir', dataDir, 'serve', '--run-due'];
const at = new Date('2031-04-05T06:07:08.900Z');

/** xmllint (Debian libxml2-utils) on a file: exit status and messages; empty for a well-formed file. */
function xmllint(path: string): { status: number | null; output: string } {
  const result = spawnSync('xmllint', ['--noout', path], { encoding: 'utf8' });
  if (result.error)
    assert.fail(`xmllint is missing (apt-get install libxml2-utils): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/** The task's root element, parsed back with a real XML parser (xmlbuilder2's DOM) from the decoded UTF-16. */
function parseTask(bytes: Buffer): XMLBuilder {
  assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], 'UTF-16LE byte order mark');
  const text = bytes.subarray(2).toString('utf16le');
  assert.ok(text.startsWith('<?xml version="1.0" encoding="UTF-16"?>'), text.slice(0, 60));
  return create(text).root();
}

/** The text of the element at a slash-separated path of child element names, or undefined. */
function field(root: XMLBuilder, path: string): string | undefined {
  let current: XMLBuilder | undefined = root;
  for (const name of path.split('/')) current = current?.find((child) => child.node.nodeName === name);
  return current?.node.textContent ?? undefined;
}

// The DOM element behind the builder; xmlbuilder2 types its nodes as Node.
function attribute(element: XMLBuilder, name: string): string | null {
  return (element.node as unknown as { getAttribute(name: string): string | null }).getAttribute(name);
}

describe('Task Scheduler XML for wake-when-quit', () => {
  test('the task file is well-formed UTF-16 XML (xmllint) with the trigger, settings and action', () => {
    const file = join(root, 'task.xml');
    const bytes = encodeTaskXml(taskSchedulerXml({ command, at, dataDir, wakeToRun: true }));
    writeFileSync(file, bytes);
    assert.deepEqual(xmllint(file), { status: 0, output: '' });

    const task = parseTask(bytes);
    assert.equal(task.node.nodeName, 'Task');
    assert.equal(task.node.lookupNamespaceURI(null), TASK_NAMESPACE);
    assert.equal(attribute(task, 'version'), '1.2');
    assert.equal(field(task, 'Triggers/TimeTrigger/StartBoundary'), '2031-04-05T06:07:08Z');
    assert.equal(field(task, 'Triggers/TimeTrigger/Enabled'), 'true');
    assert.equal(field(task, 'Settings/StartWhenAvailable'), 'true');
    assert.equal(field(task, 'Settings/WakeToRun'), 'true');
    assert.equal(field(task, 'Settings/DisallowStartIfOnBatteries'), 'false');
    assert.equal(field(task, 'Settings/StopIfGoingOnBatteries'), 'false');
    assert.equal(field(task, 'Settings/MultipleInstancesPolicy'), 'IgnoreNew');
    assert.equal(field(task, 'Principals/Principal/LogonType'), 'InteractiveToken');
    assert.equal(field(task, 'Actions/Exec/Command'), program);
    assert.equal(
      field(task, 'Actions/Exec/Arguments'),
      '--data-dir "C:\\Users\\Zoë O\'Neil\\AppData\\Roaming\\PWA Host & <Co> \\"100%\\"\\\\" serve --run-due',
    );
    assert.match(field(task, 'RegistrationInfo/Description') ?? '', /PWA Host & <Co>/);
  });

  test('xmllint is live: it rejects a task with an unescaped ampersand', () => {
    const file = join(root, 'broken.xml');
    writeFileSync(file, '<?xml version="1.0"?><Task><Exec><Command>a & b</Command></Exec></Task>');
    assert.notEqual(xmllint(file).status, 0);
  });

  test('WakeToRun follows the option; a program alone has no Arguments element', () => {
    const task = parseTask(
      encodeTaskXml(taskSchedulerXml({ command: [program], at, dataDir, wakeToRun: false })),
    );
    assert.equal(field(task, 'Settings/WakeToRun'), 'false');
    assert.equal(field(task, 'Actions/Exec/Arguments'), undefined);
  });

  test('with syncs waiting for the network, an EventTrigger also starts it on NetworkProfile event 10000', () => {
    const file = join(root, 'network.xml');
    const bytes = encodeTaskXml(
      taskSchedulerXml({ command, at, dataDir, wakeToRun: false, whenNetworkConnects: true }),
    );
    writeFileSync(file, bytes);
    assert.deepEqual(xmllint(file), { status: 0, output: '' });
    const task = parseTask(bytes);
    assert.equal(field(task, 'Triggers/TimeTrigger/StartBoundary'), '2031-04-05T06:07:08Z', 'the time stays');
    assert.equal(field(task, 'Triggers/EventTrigger/Enabled'), 'true');
    // The subscription is an event-log query as text: escaped once in the task, well-formed XML itself.
    const query = field(task, 'Triggers/EventTrigger/Subscription') ?? '';
    assert.equal(query, NETWORK_CONNECTED_QUERY);
    const queryFile = join(root, 'query.xml');
    writeFileSync(queryFile, query);
    assert.deepEqual(xmllint(queryFile), { status: 0, output: '' });
    const select = create(query)
      .root()
      .find((node) => node.node.nodeName === 'Query')
      ?.first();
    assert.equal(select && attribute(select, 'Path'), 'Microsoft-Windows-NetworkProfile/Operational');
    assert.match(select?.node.textContent ?? '', /EventID=10000/);
    assert.equal(
      field(
        parseTask(encodeTaskXml(taskSchedulerXml({ command, at, dataDir, wakeToRun: false }))),
        'Triggers/EventTrigger/Enabled',
      ),
      undefined,
      'no network trigger unless asked',
    );
  });

  test('StartBoundary is UTC to the second', () => {
    assert.equal(taskStartBoundary(new Date('2031-12-31T23:59:59.999Z')), '2031-12-31T23:59:59Z');
  });
});

describe('Windows command-line quoting (CommandLineToArgvW rules)', () => {
  // Each pair is the inverse of an example in Microsoft's "Parsing C++ command-line arguments" table.
  const cases: [string, string][] = [
    ['abc', 'abc'],
    ['a b', '"a b"'],
    ['', '""'],
    ['a\\\\\\b', 'a\\\\\\b'],
    ['a\\"b', '"a\\\\\\"b"'],
    ['a\\\\b c', '"a\\\\b c"'],
    ['de fg', '"de fg"'],
    ['C:\\dir with space\\', '"C:\\dir with space\\\\"'],
    ['say "hi"', '"say \\"hi\\""'],
  ];
  for (const [argument, quoted] of cases) {
    test(`${JSON.stringify(argument)} → ${quoted}`, () =>
      assert.equal(quoteWindowsArgument(argument), quoted));
  }

  test('arguments are joined with single spaces', () => {
    assert.equal(windowsCommandLine(['--data-dir', 'C:\\a b', 'serve']), '--data-dir "C:\\a b" serve');
  });
});

describe('TaskSchedulerWakeScheduler', () => {
  function recordingRunner(exitCode = 0) {
    const calls: string[][] = [];
    const runner: CommandRunner = async (file, args) => {
      calls.push([file, ...args]);
      return { exitCode, stdout: '', stderr: exitCode === 0 ? '' : 'ERROR: Access is denied.' };
    };
    return { runner, calls };
  }

  function scheduler(runner: CommandRunner, dir: string) {
    return new TaskSchedulerWakeScheduler({
      env: {},
      dataDir: dir,
      command: [program, '--data-dir', dir, 'serve', '--run-due'],
      logger: silentLogger,
      runner,
      now: () => Date.parse('2031-01-01T00:00:00Z'),
      wakeToRun: false,
    });
  }

  test('arm keeps the XML in the data dir and registers it with schtasks /Create /F; disarm deletes both', async () => {
    const dir = mkdtempSync(join(root, 'data-'));
    const { runner, calls } = recordingRunner();
    const wake = scheduler(runner, dir);
    await wake.arm(at);
    const taskName = `PWA Host\\${wakeName(dir)}`;
    assert.equal(wake.xmlPath, join(dir, 'os', `${wakeName(dir)}.xml`));
    assert.deepEqual(calls, [['schtasks', '/Create', '/TN', taskName, '/XML', wake.xmlPath, '/F']]);
    assert.equal(
      field(parseTask(readFileSync(wake.xmlPath)), 'Triggers/TimeTrigger/StartBoundary'),
      '2031-04-05T06:07:09Z',
    );
    assert.match(wake.describe(), /armed for 2031-04-05T06:07:09.000Z/);

    calls.length = 0;
    await wake.disarm();
    assert.deepEqual(calls, [['schtasks', '/Delete', '/TN', taskName, '/F']]);
    assert.equal(existsSync(wake.xmlPath), false);
    calls.length = 0;
    await wake.disarm();
    assert.deepEqual(calls, [], 'nothing armed: no schtasks call');
  });

  test('armed with syncs waiting for the network, describe() says it also starts when a network connects', async () => {
    const dir = mkdtempSync(join(root, 'data-'));
    const wake = scheduler(recordingRunner().runner, dir);
    await wake.arm(at, { whenNetworkConnects: true });
    assert.match(wake.describe(), /armed for 2031-04-05T06:07:09.000Z and whenever a network connects/);
    assert.equal(field(parseTask(readFileSync(wake.xmlPath)), 'Triggers/EventTrigger/Enabled'), 'true');
  });

  test('a schtasks failure is reported by describe(), not thrown', async () => {
    const dir = mkdtempSync(join(root, 'data-'));
    const wake = scheduler(recordingRunner(1).runner, dir);
    await wake.arm(at);
    assert.match(wake.describe(), /not armed: schtasks \/Create .*Access is denied/);
  });
});
