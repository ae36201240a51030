import { execFileSync } from 'node:child_process';

let created = 0;

function ip(args: string[]): string {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT')
      throw new Error('`ip` (iproute2) is not installed: apt-get install -y iproute2');
    throw new Error(`ip ${args.join(' ')} failed: ${failure.stderr?.trim() || failure.message}`);
  }
}

/**
 * A network namespace of its own with one veth link to this machine's namespace, for taking "the network"
 * down and up under a process without touching the machine's real interfaces or routes.
 *
 * Inside: lo up, the veth end at 10.200.0.2/30 and a default route via 10.200.0.1. The outer end gets no
 * address on purpose: nothing answers for 10.200.0.1, so no packet from inside can be routed or forwarded
 * anywhere (even on a machine with ip_forward on); the test needs the OS's *report* of connectivity, never
 * traffic. Names are unique per process and per namespace, so runs never meet.
 */
export class NetnsLab {
  readonly name: string;
  /** The veth end in this machine's namespace: taking it down is a cable pulled (carrier lost inside). */
  readonly outerLink: string;
  /** The veth end inside the namespace. */
  readonly innerLink: string;
  readonly gateway = '10.200.0.1';
  readonly address = '10.200.0.2/30';
  #destroyed = false;

  private constructor(index: number) {
    this.name = `pwahost-${process.pid}-${index}`;
    this.outerLink = `pwh${process.pid}${index}o`.slice(0, 15);
    this.innerLink = `pwh${process.pid}${index}i`.slice(0, 15);
  }

  /** Creates the namespace and link, online; fails with a clear message where namespaces cannot be made. */
  static create(): NetnsLab {
    if (process.platform !== 'linux') throw new Error('Network namespace tests need Linux.');
    created += 1;
    const lab = new NetnsLab(created);
    try {
      ip(['netns', 'add', lab.name]);
    } catch (error) {
      const uid = process.getuid?.();
      throw new Error(
        `Cannot create a network namespace (running as uid ${uid}): these tests need root, or CAP_SYS_ADMIN and ` +
          `CAP_NET_ADMIN, e.g. sudo or a container started with --cap-add NET_ADMIN --cap-add SYS_ADMIN. ${(error as Error).message}`,
      );
    }
    try {
      ip(['link', 'add', lab.outerLink, 'type', 'veth', 'peer', 'name', lab.innerLink]);
      ip(['link', 'set', lab.innerLink, 'netns', lab.name]);
      lab.inside(['link', 'set', 'lo', 'up']);
      lab.inside(['address', 'add', lab.address, 'dev', lab.innerLink]);
      lab.inside(['link', 'set', lab.innerLink, 'up']);
      ip(['link', 'set', lab.outerLink, 'up']);
      lab.addDefaultRoute();
    } catch (error) {
      lab.destroy();
      throw error;
    }
    return lab;
  }

  /** Runs `ip -n <ns> …`: iproute2 acting inside the namespace. */
  inside(args: string[]): string {
    return ip(['-n', this.name, ...args]);
  }

  /** The argv prefix that runs a command inside the namespace (with its own /sys, as `ip netns exec` mounts). */
  exec(command: string[]): string[] {
    return ['ip', 'netns', 'exec', this.name, ...command];
  }

  addDefaultRoute(): void {
    this.inside(['route', 'replace', 'default', 'via', this.gateway, 'dev', this.innerLink]);
  }

  deleteDefaultRoute(): void {
    this.inside(['route', 'del', 'default']);
  }

  /** Carrier lost inside (the outer end goes down): the default route stays in the table, marked linkdown. */
  pullCable(): void {
    ip(['link', 'set', this.outerLink, 'down']);
  }

  plugCable(): void {
    ip(['link', 'set', this.outerLink, 'up']);
  }

  /** The inner interface administratively down: the kernel flushes its routes, the default one included. */
  interfaceDown(): void {
    this.inside(['link', 'set', this.innerLink, 'down']);
  }

  /** The interface up again and, as DHCP or NetworkManager would, the default route restored. */
  interfaceUp(): void {
    this.inside(['link', 'set', this.innerLink, 'up']);
    this.addDefaultRoute();
  }

  /** Ends every process still inside (only ours can be there), then removes the link and the namespace. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const problems: string[] = [];
    try {
      for (const pid of ip(['netns', 'pids', this.name]).split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {}
      }
    } catch {}
    for (const args of [
      ['link', 'del', this.outerLink], // removes both ends of the pair
      ['netns', 'del', this.name],
    ]) {
      try {
        ip(args);
      } catch (error) {
        if (!/Cannot find device|No such file/.test((error as Error).message))
          problems.push((error as Error).message);
      }
    }
    if (problems.length > 0) throw new Error(`Cleaning up ${this.name}: ${problems.join('; ')}`);
  }
}
