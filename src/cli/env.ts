/**
 * Loads `.env` from the working directory into process.env when the file exists (Node's own parser);
 * variables already set in the environment win. Composition roots call this once, first.
 */
export function loadEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
