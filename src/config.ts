import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { BotError, ErrorCodes } from './core/errors';
import type { EscalationLimits } from './helpdesk/escalationLimits';
import type { SlaSettings } from './helpdesk/sla';
import { isPriority, PRIORITIES, type Priority } from './helpdesk/ticket';
import type { AzureStorageAccess } from './storage/azureAccess';
import { COLLECTOR_PATH } from './troubleshooting/collector';
import {
  cloudProblems,
  cloudSettingsOf,
  cloudSettingsSchema,
  type CloudSettings,
} from './http/cloudSettings';
import {
  telemetryConfigOf,
  telemetryProblems,
  telemetrySettingsSchema,
  telemetrySummary,
  type TelemetryConfig,
} from './telemetry/settings';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const httpsUrl = z
  .string()
  .url()
  .startsWith('https://', 'must be an https URL (tokens are sent only over TLS)');

/** The SLA targets when not configured (minutes): first response and resolution, per priority. */
const SLA_DEFAULTS: Readonly<Record<Priority, { respondMinutes: number; resolveMinutes: number }>> = {
  urgent: { respondMinutes: 15, resolveMinutes: 240 },
  high: { respondMinutes: 60, resolveMinutes: 480 },
  normal: { respondMinutes: 240, resolveMinutes: 1440 },
  low: { respondMinutes: 480, resolveMinutes: 4320 },
};
/** Longest SLA target: 30 days (the scheduler refuses anything over a year). */
const SLA_MAX_MINUTES = 43_200;
/** `high:60,normal:240`: each priority at most once, minutes 1 to SLA_MAX_MINUTES. */
const slaMinutes = z
  .string()
  .trim()
  .optional()
  .transform((raw, ctx): Partial<Record<Priority, number>> => {
    const out: Partial<Record<Priority, number>> = {};
    if (!raw) return out;
    for (const pair of raw.split(',')) {
      const [name = '', value = ''] = pair.split(':').map((x) => x.trim());
      const minutes = Number(value);
      if (
        !isPriority(name) ||
        name in out ||
        !/^\d{1,5}$/.test(value) ||
        minutes < 1 ||
        minutes > SLA_MAX_MINUTES
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `must be priority:minutes pairs (${PRIORITIES.join(', ')}; 1-${SLA_MAX_MINUTES}), each priority once`,
        });
        return z.NEVER;
      }
      out[name] = minutes;
    }
    return out;
  });

const schema = z.object({
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalText,
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(262_144),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  GRAPH_ENABLED: z.enum(['true', 'false', '']).optional(),
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_CERTIFICATE_PATH: optionalText,
  GRAPH_AUTHORITY_HOST: z
    .string()
    .trim()
    .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'must be a host name (optionally :port), no scheme')
    .default('login.microsoftonline.com'),
  GRAPH_BASE_URL: z
    .string()
    .trim()
    .url()
    .startsWith('https://', 'must be an https URL')
    .default('https://graph.microsoft.com'),
  GRAPH_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  REMINDER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  HELPDESK_UNASSIGNED_REMINDER_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  HELPDESK_ADMINS: optionalText,
  HELPDESK_MAX_OPEN_TICKETS: z.coerce.number().int().min(1).max(100).default(3),
  // At most the tickets the open-ticket count reads back (LIST_WINDOW in src/helpdesk/store.ts).
  HELPDESK_NEW_THREADS_MAX: z.coerce.number().int().min(1).max(200).default(20),
  HELPDESK_NEW_THREADS_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  // SLA targets per priority, `priority:minutes` pairs (those left out keep their defaults, SLA_DEFAULTS).
  HELPDESK_SLA_RESPOND_MINUTES: slaMinutes,
  HELPDESK_SLA_RESOLVE_MINUTES: slaMinutes,
  HELPDESK_SLA_WARN_PERCENT: z.coerce.number().int().min(1).max(99).default(75),
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  // Storage without keys: the service URLs, reached with Microsoft Entra ID tokens.
  AZURE_STORAGE_BLOB_URL: optionalText.pipe(httpsUrl.optional()),
  AZURE_STORAGE_QUEUE_URL: optionalText.pipe(httpsUrl.optional()),
  AZURE_STORAGE_CLIENT_ID: optionalText.pipe(z.string().regex(GUID, 'must be a GUID').optional()),
  AZURE_STORAGE_CONTAINER: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be a valid blob container name')
    .default('writeback-bot-state'),
  ALLOWED_TENANT_IDS: optionalText,
  // The bot's public host (also the Teams package's validDomains): where the collector script is served from.
  BOT_DOMAIN: z
    .string()
    .trim()
    .regex(
      /^$|^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::\d{1,5})?$/i,
      'must be a host name (optionally :port), no scheme or path',
    )
    .optional(),
  ...cloudSettingsSchema,
  AZURE_STORAGE_QUEUE: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be a valid queue name')
    .default('writeback-bot-reminders'),
  // OpenTelemetry's standard variables and Application Insights' connection string (src/telemetry/settings.ts).
  ...telemetrySettingsSchema,
});

/**
 * Every variable the configuration reads: the schema's and APP_ENV (which env/.env.<name> files).
 * @internal For the deployment tests (app settings in infra/azuredeploy.json).
 */
export const CONFIG_SETTINGS: readonly string[] = Object.freeze([...Object.keys(schema.shape), 'APP_ENV']);

/** Rules across variables, checked on the raw values so they are reported even when another variable is bad. */
function crossFieldProblems(raw: EnvSource): string[] {
  const get = (name: string): string | undefined => raw[name]?.trim() || undefined;
  const problems: string[] = [];
  const appId = get('MicrosoftAppId');
  const appType = get('MicrosoftAppType') ?? 'SingleTenant';
  const graphClientId = get('GRAPH_CLIENT_ID');
  if (graphClientId || get('GRAPH_ENABLED') === 'true') {
    const clientId = graphClientId ?? appId;
    if (!clientId || !GUID.test(clientId)) {
      problems.push('GRAPH_CLIENT_ID must be a GUID (or set MicrosoftAppId with GRAPH_ENABLED=true)');
    }
    const secret = graphClientId
      ? get('GRAPH_CLIENT_SECRET')
      : (get('GRAPH_CLIENT_SECRET') ?? get('MicrosoftAppPassword'));
    if (!secret && !get('GRAPH_CERTIFICATE_PATH')) {
      problems.push('GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH is required when Graph is enabled');
    }
  }
  const allowedTenants = get('ALLOWED_TENANT_IDS');
  if (allowedTenants !== undefined && !splitList(allowedTenants).every((id) => GUID.test(id))) {
    problems.push('ALLOWED_TENANT_IDS must be a comma-separated list of tenant GUIDs');
  }
  const helpdeskAdmins = get('HELPDESK_ADMINS');
  const admins = helpdeskAdmins === undefined ? [] : splitList(helpdeskAdmins);
  if (helpdeskAdmins !== undefined && (admins.length === 0 || !admins.every((id) => GUID.test(id)))) {
    problems.push('HELPDESK_ADMINS must be a comma-separated list of Microsoft Entra object ids (GUIDs)');
  }
  problems.push(...cloudProblems(get), ...storageProblems(get), ...telemetryProblems(get));
  if (!appId) return problems;
  if (!GUID.test(appId)) problems.push('MicrosoftAppId must be a GUID');
  if (appType !== 'UserAssignedMSI' && !get('MicrosoftAppPassword')) {
    problems.push(`MicrosoftAppPassword is required for ${appType}`);
  }
  if (appType === 'UserAssignedMSI' && get('MicrosoftAppPassword')) {
    problems.push(
      'MicrosoftAppPassword must not be set for UserAssignedMSI (a managed identity has no secret)',
    );
  }
  if (appType !== 'MultiTenant' && !get('MicrosoftAppTenantId')) {
    problems.push(`MicrosoftAppTenantId is required for ${appType}`);
  }
  return problems;
}

/** One way to reach Azure Storage: a connection string, or both service URLs (with a token credential). */
function storageProblems(get: (name: string) => string | undefined): string[] {
  const problems: string[] = [];
  const connection = get('AZURE_STORAGE_CONNECTION_STRING');
  const urls = ['AZURE_STORAGE_BLOB_URL', 'AZURE_STORAGE_QUEUE_URL'].filter((name) => get(name));
  if (connection && urls.length > 0) {
    problems.push(
      `AZURE_STORAGE_CONNECTION_STRING and ${urls.join(' / ')} are both set: choose one way to reach Azure` +
        ' Storage (the URLs use a managed identity, no key)',
    );
  } else if (urls.length === 1) {
    problems.push('AZURE_STORAGE_BLOB_URL and AZURE_STORAGE_QUEUE_URL go together: set both or neither');
  }
  if (get('AZURE_STORAGE_CLIENT_ID') && urls.length === 0) {
    problems.push('AZURE_STORAGE_CLIENT_ID needs AZURE_STORAGE_BLOB_URL and AZURE_STORAGE_QUEUE_URL');
  }
  return problems;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Explicit list, else the bot's own tenant for single-tenant and managed-identity bots (not in local mode). */
function allowedTenantIds(e: z.infer<typeof schema>, localMode: boolean): readonly string[] | undefined {
  if (e.ALLOWED_TENANT_IDS)
    return Object.freeze(splitList(e.ALLOWED_TENANT_IDS).map((id) => id.toLowerCase()));
  if (localMode || e.MicrosoftAppType === 'MultiTenant' || !e.MicrosoftAppTenantId) return undefined;
  return Object.freeze([e.MicrosoftAppTenantId.toLowerCase()]);
}

export interface AppConfig {
  /** No app id: local mode, no inbound authentication; loopback only unless HOST is set explicitly. */
  readonly localMode: boolean;
  readonly bot: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly tenantId?: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly maxBodyBytes: number;
  /** SIGTERM/SIGINT: how long turns in flight may take to finish (src/lifecycle.ts). */
  readonly shutdownTimeoutMs: number;
  /** Tenants whose activities are served; undefined: every tenant (multi-tenant, or local mode unset). */
  readonly allowedTenantIds?: readonly string[];
  /** Sovereign-cloud / test settings passed to ConfigurationBotFrameworkAuthentication by the SDK's names. */
  readonly cloud?: CloudSettings;
  readonly reminderPollMs: number;
  /** A helpdesk ticket nobody took gets one reminder line in its thread after this many minutes. */
  readonly helpdeskReminderMinutes: number;
  /**
   * Entra object ids (lower case) of the only people who may set, move or remove the helpdesk channel;
   * undefined: the first helpdesk may be set by anyone in a team channel, later changes by its team.
   */
  readonly helpdeskAdmins?: readonly string[];
  /** Escalation limits: open tickets per requester; new ticket threads per tenant in a sliding window. */
  readonly helpdeskLimits: Readonly<EscalationLimits>;
  /** SLA: first-response and resolve targets per priority, and when the warning line goes out. */
  readonly helpdeskSla: SlaSettings;
  /** Azure Storage for scale-out: bot state in Blob Storage, reminders in a Storage Queue. */
  readonly azureStorage?: {
    readonly access: AzureStorageAccess;
    readonly container: string;
    readonly queue: string;
  };
  /** Microsoft Graph tenant checks; undefined when not configured (the checks stay manual). */
  readonly graph?: GraphConfig;
  /**
   * Where admins download the collector script (GET /diagnostics/Get-WritebackDiagnostics.ps1): https on
   * BOT_DOMAIN, or this machine's loopback port in local mode; undefined: the cards do not offer it.
   */
  readonly collectorUrl?: string;
  /** Traces and metrics to Azure Monitor and/or an OTLP endpoint; undefined: off, nothing loaded. */
  readonly telemetry?: TelemetryConfig;
}

interface GraphConfig {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly certificatePath?: string;
  readonly authorityHost: string;
  readonly baseUrl: string;
  readonly cacheSeconds: number;
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Reads env/.env.<name> then env/.env.<name>.user (secrets, gitignored); real environment variables win. */
export function loadEnvFiles(root: string, name: string, env: EnvSource): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = {};
  for (const file of [`.env.${name}`, `.env.${name}.user`]) {
    const path = join(root, 'env', file);
    if (existsSync(path)) Object.assign(merged, parseDotenv(readFileSync(path)));
  }
  return { ...merged, ...env };
}

/**
 * Parses and validates once; one error lists every bad variable. The result is frozen.
 * @internal Exported for the tests as well.
 */
export function parseConfig(env: EnvSource, root: string = process.cwd()): AppConfig {
  const result = schema.safeParse(env);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!result.success || problems.length > 0) {
    throw new BotError(ErrorCodes.CONFIG_INVALID, `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const e = result.data;
  const localMode = !e.MicrosoftAppId;
  return Object.freeze({
    localMode,
    bot: Object.freeze({
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    }),
    port: e.PORT,
    // Without inbound authentication the bot stays on loopback unless HOST says otherwise (a container's
    // published port needs 0.0.0.0); src/lifecycle.ts then warns at start.
    host: e.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
    dataDir: resolve(root, e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    allowedTenantIds: allowedTenantIds(e, localMode),
    cloud: cloudSettingsOf(e),
    graph: graphConfig(e),
    collectorUrl: collectorUrlOf(e, localMode),
    reminderPollMs: e.REMINDER_POLL_MS,
    helpdeskReminderMinutes: e.HELPDESK_UNASSIGNED_REMINDER_MINUTES,
    helpdeskAdmins: e.HELPDESK_ADMINS
      ? Object.freeze(splitList(e.HELPDESK_ADMINS).map((id) => id.toLowerCase()))
      : undefined,
    helpdeskLimits: Object.freeze({
      openPerRequester: e.HELPDESK_MAX_OPEN_TICKETS,
      threadsPerWindow: e.HELPDESK_NEW_THREADS_MAX,
      windowMs: e.HELPDESK_NEW_THREADS_WINDOW_MINUTES * 60_000,
    }),
    helpdeskSla: slaSettingsOf(e),
    azureStorage: azureStorageConfig(e),
    telemetry: telemetryConfigOf(e),
  });
}

function slaSettingsOf(e: z.infer<typeof schema>): SlaSettings {
  const targets = Object.fromEntries(
    PRIORITIES.map((p) => [
      p,
      Object.freeze({
        respondMinutes: e.HELPDESK_SLA_RESPOND_MINUTES[p] ?? SLA_DEFAULTS[p].respondMinutes,
        resolveMinutes: e.HELPDESK_SLA_RESOLVE_MINUTES[p] ?? SLA_DEFAULTS[p].resolveMinutes,
      }),
    ]),
  ) as SlaSettings['targets'];
  return Object.freeze({ targets: Object.freeze(targets), warnPercent: e.HELPDESK_SLA_WARN_PERCENT });
}

function azureStorageConfig(e: z.infer<typeof schema>): AppConfig['azureStorage'] {
  let access: AzureStorageAccess;
  if (e.AZURE_STORAGE_CONNECTION_STRING) access = { connectionString: e.AZURE_STORAGE_CONNECTION_STRING };
  else if (e.AZURE_STORAGE_BLOB_URL && e.AZURE_STORAGE_QUEUE_URL) {
    // The bot's own user-assigned managed identity reaches storage too, unless another one is named.
    const clientId =
      e.AZURE_STORAGE_CLIENT_ID ?? (e.MicrosoftAppType === 'UserAssignedMSI' ? e.MicrosoftAppId : undefined);
    access = { blobUrl: e.AZURE_STORAGE_BLOB_URL, queueUrl: e.AZURE_STORAGE_QUEUE_URL, clientId };
  } else return undefined;
  return Object.freeze({
    access: Object.freeze(access),
    container: e.AZURE_STORAGE_CONTAINER,
    queue: e.AZURE_STORAGE_QUEUE,
  });
}

/** localhost (the local package's placeholder) means this machine: the loopback port the bot listens on. */
function collectorUrlOf(e: z.infer<typeof schema>, localMode: boolean): string | undefined {
  const domain = e.BOT_DOMAIN?.replace(/\.$/, '').toLowerCase();
  const local = !domain || domain === 'localhost' || domain.startsWith('localhost:');
  if (!local) return `https://${domain}${COLLECTOR_PATH}`;
  return localMode && e.PORT > 0 ? `http://127.0.0.1:${e.PORT}${COLLECTOR_PATH}` : undefined;
}

function graphConfig(e: z.infer<typeof schema>): GraphConfig | undefined {
  if (!e.GRAPH_CLIENT_ID && e.GRAPH_ENABLED !== 'true') return undefined;
  const ownApp = !e.GRAPH_CLIENT_ID;
  return Object.freeze({
    clientId: (e.GRAPH_CLIENT_ID ?? e.MicrosoftAppId) as string,
    clientSecret: ownApp ? (e.GRAPH_CLIENT_SECRET ?? e.MicrosoftAppPassword) : e.GRAPH_CLIENT_SECRET,
    certificatePath: e.GRAPH_CERTIFICATE_PATH,
    authorityHost: e.GRAPH_AUTHORITY_HOST,
    baseUrl: e.GRAPH_BASE_URL,
    cacheSeconds: e.GRAPH_CACHE_SECONDS,
  });
}

/** The environment (env/.env.<APP_ENV|local> files + process.env), read here and nowhere else. */
export function configFromProcess(root: string): AppConfig {
  const name = process.env.APP_ENV ?? 'local';
  return parseConfig(loadEnvFiles(root, name, process.env), root);
}

/** A log-safe summary: secrets become "[set]". */
export function redactedSummary(config: AppConfig): Record<string, unknown> {
  return {
    localMode: config.localMode,
    appId: config.bot.appId ?? '(none)',
    appPassword: config.bot.appPassword ? '[set]' : '(none)',
    tenantId: config.bot.tenantId ?? '(none)',
    appType: config.bot.appType,
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    logLevel: config.logLevel,
    maxBodyBytes: config.maxBodyBytes,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    allowedTenantIds: config.allowedTenantIds ?? '(any)',
    cloud: config.cloud ?? '(public Azure)',
    graph: config.graph
      ? {
          clientId: config.graph.clientId,
          clientSecret: config.graph.clientSecret ? '[set]' : '(none)',
          certificatePath: config.graph.certificatePath ?? '(none)',
          authorityHost: config.graph.authorityHost,
          baseUrl: config.graph.baseUrl,
          cacheSeconds: config.graph.cacheSeconds,
        }
      : '(disabled)',
    collectorUrl: config.collectorUrl ?? '(not offered)',
    reminderPollMs: config.reminderPollMs,
    helpdeskReminderMinutes: config.helpdeskReminderMinutes,
    // Who they are is not logged: how many, and that the list is in force.
    helpdeskAdmins: config.helpdeskAdmins
      ? `${config.helpdeskAdmins.length} listed`
      : '(first set: anyone; changes: the helpdesk team)',
    helpdeskLimits: config.helpdeskLimits,
    helpdeskSla: config.helpdeskSla,
    azureStorage: config.azureStorage
      ? {
          ...('connectionString' in config.azureStorage.access
            ? { connectionString: '[set]' }
            : {
                blobUrl: config.azureStorage.access.blobUrl,
                queueUrl: config.azureStorage.access.queueUrl,
                credential: config.azureStorage.access.clientId
                  ? `managed identity ${config.azureStorage.access.clientId}`
                  : 'DefaultAzureCredential',
              }),
          container: config.azureStorage.container,
          queue: config.azureStorage.queue,
        }
      : '(embedded SQLite)',
    telemetry: telemetrySummary(config.telemetry),
  };
}
