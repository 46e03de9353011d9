/** Patterns of secrets that must never reach a log, whoever wrote them (an upstream error body echoing a key). */
const SECRET_PATTERNS = [
  /\bsk-[A-Za-z0-9_-]{8,}/gu, // OpenAI-style API keys
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/gu, // Slack tokens
  /\bxapp-[A-Za-z0-9-]{8,}/gu, // Slack app-level tokens
  /\b\d{6,12}:[A-Za-z0-9_-]{30,}\b/gu, // Telegram bot tokens
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/giu, // Authorization headers
  /(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+(?=@)/giu, // passwords in database URLs
];

/**
 * Removes secrets from a log line: the configured ones verbatim (any length of 6 or more), and anything that
 * looks like an API key, a bot token, a bearer token or a password in a database URL.
 *
 * @example
 * redactSecrets('401: invalid key sk-abc12345678', []) // '401: invalid key [redacted]'
 */
export function redactSecrets(line: string, secrets: (string | undefined | null)[]): string {
  let out = line;
  for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (_m, keep?: string) => `${typeof keep === 'string' ? keep : ''}[redacted]`);
  return out;
}
