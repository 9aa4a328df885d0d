// `devfin` run from src/ through the tsx loader (BENCH_CHILD=tsx), the same as bin/devfin.js on dist/.
import { main } from '../../src/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
