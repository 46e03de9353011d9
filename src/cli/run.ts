import { AppError } from '../core/errors.js';

/**
 * Runs a command's main function and turns its outcome into an exit code: known errors print their message
 * (which says what to do), unexpected ones their stack, both on stderr.
 */
export async function runCli(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`Error: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`Unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}
