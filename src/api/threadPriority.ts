// The CPU priority of one thread. On Linux every thread has a nice value of its own, and
// setpriority(2) given a thread's id changes that thread alone, so an export worker can step back
// behind the server's thread that answers requests without lowering the whole process. Elsewhere
// (another OS, or no /proc) there is no thread id to give it, and setpriority with a process id would
// lower the server too: the thread then keeps the priority it has.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of an export's thread: the lowest priority there is, so the kernel always runs the server's thread first. */
export const EXPORT_NICE = 19;

/** The calling thread's id on Linux, from /proc/thread-self ("PID/task/TID"); null where there is none. */
export function currentThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const match = /^\d+\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Lowers the calling thread alone to `nice`; whether it could (false: it runs as before). */
export function lowerThreadPriority(nice: number = EXPORT_NICE): boolean {
  const thread = currentThreadId();
  if (thread === null) return false;
  try {
    setPriority(thread, nice);
    return true;
  } catch {
    return false;
  }
}
