// The text of a record kept by hand (a file or a request body) as data: JSON, or YAML 1.2, which
// reads JSON the same. model/manualRecord.ts checks what it gives.
import { createRequire } from 'node:module';
import { ManualRecordError } from '../model/manualRecord.js';

const require = createRequire(import.meta.url);
/** The YAML parser, loaded when a record is first read rather than when devfin starts. */
let yamlModule: typeof import('yaml') | undefined;
const yaml = () => {
  yamlModule ??= require('yaml') as typeof import('yaml');
  return yamlModule;
};

/** Reads a record file's text (JSON, or YAML, of which JSON is a part). `name` names it in errors. */
export function parseManualRecordText(text: string, name: string): unknown {
  try {
    // JSON first: it is what the API mostly gets, and YAML 1.2 reads it the same anyway.
    return text.trimStart().startsWith('{') ? JSON.parse(text) : yaml().parse(text, { maxAliasCount: 50 });
  } catch (error) {
    throw new ManualRecordError(`${name}: not JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}
