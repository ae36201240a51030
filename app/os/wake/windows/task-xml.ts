import { create } from 'xmlbuilder2';
import { windowsCommandLine } from './windows-command-line.ts';

export const TASK_NAMESPACE = 'http://schemas.microsoft.com/windows/2004/02/mit/task';

export interface TaskXmlInput {
  command: readonly string[];
  at: Date;
  dataDir: string;
  wakeToRun: boolean;
  /** Also start when a network connects (NetworkProfile event 10000), for syncs waiting for the network. */
  whenNetworkConnects?: boolean;
}

/**
 * Event 10000 of the Microsoft-Windows-NetworkProfile/Operational log: "Network Connected", written each time
 * Windows has connected to and identified a network (10001 is its disconnection).
 */
export const NETWORK_CONNECTED_QUERY =
  '<QueryList><Query Id="0" Path="Microsoft-Windows-NetworkProfile/Operational">' +
  '<Select Path="Microsoft-Windows-NetworkProfile/Operational">' +
  "*[System[Provider[@Name='Microsoft-Windows-NetworkProfile'] and EventID=10000]]" +
  '</Select></Query></QueryList>';

/**
 * A Task Scheduler 1.2 task that runs the command once at `at`, and with `whenNetworkConnects` also each time
 * a network connects (an EventTrigger on NetworkProfile event 10000: the Subscription is an event-log
 * XPath query, written as text, so it is escaped once inside the task's XML). StartBoundary is UTC (the `Z` form), so a
 * time zone change cannot move it. StartWhenAvailable runs it as soon as possible after a start it missed
 * (machine off or asleep, user logged off); WakeToRun also resumes a sleeping machine, when the user's power
 * plan allows wake timers. The task runs as the user who registers it, only while they are logged on
 * (InteractiveToken: no stored password), on battery too, with 30 minutes as a backstop against a hung run.
 * Task Scheduler expands %VARIABLE% in Command and Arguments and has no escape for it; a path containing
 * the name of a defined variable between percent signs would change.
 */
export function taskSchedulerXml(input: TaskXmlInput): string {
  const [program, ...args] = input.command;
  if (program === undefined) throw new Error('a scheduled task needs a program');
  const exec: Record<string, string> = { Command: program };
  if (args.length > 0) exec.Arguments = windowsCommandLine(args);
  return create(
    { version: '1.0', encoding: 'UTF-16' },
    {
      Task: {
        '@version': '1.2',
        '@xmlns': TASK_NAMESPACE,
        RegistrationInfo: {
          Author: 'PWA Host',
          Description: `Runs the periodic and one-off syncs of PWA Host web apps that fall due while PWA Host is not running (${input.dataDir}).`,
        },
        Triggers: {
          TimeTrigger: { StartBoundary: taskStartBoundary(input.at), Enabled: 'true' },
          ...(input.whenNetworkConnects
            ? { EventTrigger: { Enabled: 'true', Subscription: NETWORK_CONNECTED_QUERY } }
            : {}),
        },
        Principals: {
          Principal: { '@id': 'Author', LogonType: 'InteractiveToken', RunLevel: 'LeastPrivilege' },
        },
        Settings: {
          MultipleInstancesPolicy: 'IgnoreNew',
          DisallowStartIfOnBatteries: 'false',
          StopIfGoingOnBatteries: 'false',
          AllowHardTerminate: 'true',
          StartWhenAvailable: 'true',
          RunOnlyIfNetworkAvailable: 'false',
          IdleSettings: { StopOnIdleEnd: 'false', RestartOnIdle: 'false' },
          AllowStartOnDemand: 'true',
          Enabled: 'true',
          Hidden: 'false',
          RunOnlyIfIdle: 'false',
          WakeToRun: input.wakeToRun ? 'true' : 'false',
          ExecutionTimeLimit: 'PT30M',
          Priority: '7',
        },
        Actions: { '@Context': 'Author', Exec: exec },
      },
    },
  ).end({ prettyPrint: true });
}

/** `2030-01-02T03:04:05Z`: seconds precision, UTC. */
export function taskStartBoundary(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/**
 * The bytes schtasks reads: UTF-16LE with a byte order mark, matching the declaration and what schtasks
 * /Query /XML exports. (schtasks also takes UTF-8 with an encoding="UTF-8" declaration; UTF-16 is the form
 * every Windows version has read.)
 */
export function encodeTaskXml(xml: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
}
