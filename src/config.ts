import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './core/errors.js';

const schema = z.object({
  OPENAI_API_KEY: z.string().trim().optional().transform((v) => v || undefined),
  OPENAI_BASE_URL: z.string().trim().url('OPENAI_BASE_URL must be a URL such as http://127.0.0.1:11434/v1').optional().or(z.literal('').transform(() => undefined)),
  OPENAI_EMBEDDING_MODEL: z.string().trim().min(1).default('text-embedding-3-small'),
  OPENAI_CHAT_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number({ message: 'OPENAI_TIMEOUT_MS must be a number of milliseconds' }).int().min(100).max(600_000).default(30_000),
  CORPUS_DIR: z.string().trim().min(1).default('corpus'),
  DATA_DIR: z.string().trim().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isPostgresUrl(v), 'DATABASE_URL must be a PostgreSQL URL such as postgres://assistant:password@db.example.org:5432/assistant (postgres:// or postgresql://; percent-encode special characters in the password), or unset to keep the store in DATA_DIR/assistant.sqlite'),
  LOG_QUESTIONS: z.enum(['none', 'full'], { message: 'LOG_QUESTIONS must be "none" or "full"' }).default('none'),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ message: 'PORT must be a port number' }).int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: z.string().trim().url('PUBLIC_BASE_URL must be a URL such as https://assistant.example.org').optional().or(z.literal('').transform(() => undefined)),
  ADMIN_TOKEN: z.string().trim().optional().transform((v) => v || undefined),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  TELEGRAM_BOT_TOKEN: z.string().trim().optional().transform((v) => v || undefined),
  TELEGRAM_API_ROOT: z.string().trim().url('TELEGRAM_API_ROOT must be a URL such as http://127.0.0.1:8081').optional().or(z.literal('').transform(() => undefined)),
  WEBHOOK_URL: z.string().trim().url('WEBHOOK_URL must be the public https URL Telegram posts updates to').optional().or(z.literal('').transform(() => undefined)),
  TELEGRAM_WEBHOOK_SECRET: z.string().trim().regex(/^[A-Za-z0-9_-]{1,256}$/u, 'TELEGRAM_WEBHOOK_SECRET may hold letters, digits, _ and - only').optional().or(z.literal('').transform(() => undefined)),
  SLACK_BOT_TOKEN: z.string().trim().optional().transform((v) => v || undefined),
  SLACK_SIGNING_SECRET: z.string().trim().optional().transform((v) => v || undefined),
  SLACK_APP_TOKEN: z.string().trim().optional().transform((v) => v || undefined),
  SLACK_API_URL: z.string().trim().url('SLACK_API_URL must be a URL such as https://slack.com/api/').optional().or(z.literal('').transform(() => undefined)),
  SLACK_THREAD_REQUIRE_MENTION: z.enum(['true', 'false'], { message: 'SLACK_THREAD_REQUIRE_MENTION must be true or false' }).default('false'),
  SLACK_ASK_VISIBILITY: z.enum(['ephemeral', 'in_channel'], { message: 'SLACK_ASK_VISIBILITY must be ephemeral or in_channel' }).default('ephemeral'),
  ALLOWED_CHAT_IDS: z.string().trim().regex(/^(-?\d+)(\s*,\s*-?\d+)*$/u, 'ALLOWED_CHAT_IDS must be chat ids separated by commas, e.g. 12345,-100987').optional().or(z.literal('').transform(() => undefined)),
});

/** The validated configuration of the assistant, read once at the edge from the environment. */
export interface Config {
  /** Set: model embeddings and generative answers; unset: the embedded offline default. */
  openai: { apiKey: string; baseURL?: string; embeddingModel: string; chatModel: string; timeoutMs: number } | null;
  corpusDir: string;
  dataDir: string;
  /** Set: the store is in this PostgreSQL database (replicas share it); unset: DATA_DIR/assistant.sqlite. */
  databaseUrl?: string;
  /** Keep question texts in the log (for the report of unanswered questions). */
  logQuestions: boolean;
  web: { host: string; port: number; publicBaseUrl?: string; adminToken?: string; logLevel?: string };
  /** Set when TELEGRAM_BOT_TOKEN is: the Telegram front end starts. */
  telegram?: { token: string; apiRoot?: string; webhookUrl?: string; webhookSecret: string; allowedChatIds: Set<number> };
  /** Set when SLACK_BOT_TOKEN is, with a signing secret (HTTP mode) or an app token (Socket Mode). */
  slack?: { token: string; signingSecret?: string; appToken?: string; apiUrl?: string; threadNeedsMention: boolean; askInChannel: boolean };
}

/**
 * Validates the environment once. Fails fast with a message that names the variable and how to fix it.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Configuration error in ${issue.path.join('.')}: ${issue.message}. See .env.example.`);
  }
  const e = parsed.data;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new ConfigError('SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode): set one of them (see README, "Slack").');
  }
  return {
    openai: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, embeddingModel: e.OPENAI_EMBEDDING_MODEL, chatModel: e.OPENAI_CHAT_MODEL, timeoutMs: e.OPENAI_TIMEOUT_MS }
      : null,
    corpusDir: resolve(e.CORPUS_DIR),
    dataDir: resolve(e.DATA_DIR),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    logQuestions: e.LOG_QUESTIONS === 'full',
    web: { host: e.HOST, port: e.PORT, publicBaseUrl: e.PUBLIC_BASE_URL, adminToken: e.ADMIN_TOKEN, logLevel: e.LOG_LEVEL },
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT,
          webhookUrl: e.WEBHOOK_URL,
          // Telegram echoes this secret on every webhook request; derived from the token unless set.
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET ?? createHash('sha256').update(`webhook:${e.TELEGRAM_BOT_TOKEN}`).digest('hex').slice(0, 48),
          allowedChatIds: new Set((e.ALLOWED_CHAT_IDS ?? '').split(',').filter((x) => x.trim()).map((x) => Number(x.trim()))),
        }
      : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? {
          token: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          threadNeedsMention: e.SLACK_THREAD_REQUIRE_MENTION === 'true',
          askInChannel: e.SLACK_ASK_VISIBILITY === 'in_channel',
        }
      : undefined,
  };
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && (url.hostname !== '' || url.searchParams.has('host'));
  } catch {
    return false;
  }
}
