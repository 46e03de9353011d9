/**
 * Named errors, one meaning each. Every error carries a stable `code` that callers may switch on and a
 * message that says what to do about it.
 */
export class AppError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. `CONFIG_INVALID`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Configuration is missing or malformed. The message names the variable and how to fix it. */
export class ConfigError extends AppError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** A user or caller sent input we cannot use (empty, too long, binary, malformed). */
export class InputError extends AppError {
  constructor(message: string, code = 'INPUT_INVALID') {
    super(code, message);
  }
}

/** A document could not be read or parsed. Ingestion reports it and goes on with the other documents. */
export class DocumentError extends AppError {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('DOCUMENT_UNREADABLE', `${file}: ${message}`, options);
  }
}

/** The stored index is missing, corrupt or built by another version; it must be rebuilt. */
export class IndexStaleError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INDEX_STALE', message, options);
  }
}

/** A remote model server (embeddings or chat) failed after the allowed retries. */
export class ModelServerError extends AppError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super('MODEL_SERVER_FAILED', message, options);
  }
}

/** The store (SQLite file or PostgreSQL) could not keep a write; the operation did not happen. */
export class StoreError extends AppError {
  constructor(message: string) {
    super('STORE_UNAVAILABLE', message);
  }
}
