// Module resolution hooks (see record-imports.mjs): each resolved specifier is appended to a file.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data?.file;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (file) appendFileSync(file, `${specifier}\n`);
  return resolved;
}
