// The entry of an export's worker thread (exports.ts starts it). It lowers its own CPU priority
// (threadPriority.ts) before anything else: loading and compiling the modules that write an export
// is itself a good part of the CPU time an export takes, and should not compete with the server
// either. The work itself is in exportWorker.ts.
import { lowerThreadPriority } from './threadPriority.js';

lowerThreadPriority();
await import('./exportWorker.js');
