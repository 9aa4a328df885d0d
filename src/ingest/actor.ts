// Who an import or sync is logged under when no one else is named: the OS user at the command line.
import { userInfo } from 'node:os';

export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry for the uid (some containers): the environment may still name the user.
    return `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
  }
}
