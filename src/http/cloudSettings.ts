import { z } from 'zod';

/**
 * Bot Framework cloud settings (sovereign clouds, tests), under the names
 * ConfigurationBotFrameworkAuthentication reads. How botframework-connector 4.23 uses them
 * (BotFrameworkAuthenticationFactory.create):
 * - If any of the six "parameterized" settings below is set, the SDK uses exactly the given values and
 *   leaves the others undefined: no issuer means every channel token is refused, no login URL means no
 *   reply can be sent. So these six go together.
 * - `ChannelService` is only read when none of the six is set: empty = public Azure,
 *   `https://botframework.azure.us` = US Government; any other value makes the SDK throw at start.
 * - `ValidateAuthority` (default true) only affects the outbound token authority of the six's login URL;
 *   alone it is ignored by the SDK, so it needs the six.
 * - `OAuthUrl` (user sign-in token service) is not used by this bot; the SDK's default stays.
 */

const GOVERNMENT_CHANNEL_SERVICE = 'https://botframework.azure.us';

const PARAMETERIZED_SETTINGS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'CallerId',
] as const;

const URL_SETTINGS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
] as const;

const text = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const cloudSettingsSchema = {
  ChannelService: text,
  ToBotFromChannelOpenIdMetadataUrl: text,
  ToBotFromChannelTokenIssuer: text,
  ToBotFromEmulatorOpenIdMetadataUrl: text,
  ToChannelFromBotLoginUrl: text,
  ToChannelFromBotOAuthScope: text,
  ValidateAuthority: z
    .enum(['true', 'false', ''])
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  CallerId: text,
};

export interface CloudSettings {
  readonly ChannelService?: string;
  readonly ToBotFromChannelOpenIdMetadataUrl?: string;
  readonly ToBotFromChannelTokenIssuer?: string;
  readonly ToBotFromEmulatorOpenIdMetadataUrl?: string;
  readonly ToChannelFromBotLoginUrl?: string;
  readonly ToChannelFromBotOAuthScope?: string;
  readonly ValidateAuthority?: 'true' | 'false';
  readonly CallerId?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http to this machine (a local stand-in in tests). */
function isAcceptableUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

/** Problems with the cloud settings, each naming the variables concerned. */
export function cloudProblems(get: (name: string) => string | undefined): string[] {
  const problems: string[] = [];
  const set = PARAMETERIZED_SETTINGS.filter((name) => get(name) !== undefined);
  const channelService = get('ChannelService');
  const needsAll =
    set.length > 0 ||
    get('ValidateAuthority') !== undefined ||
    (channelService !== undefined && channelService !== GOVERNMENT_CHANNEL_SERVICE);
  if (needsAll && set.length < PARAMETERIZED_SETTINGS.length) {
    const missing = PARAMETERIZED_SETTINGS.filter((name) => get(name) === undefined);
    problems.push(
      `cloud settings go together: ${missing.join(', ')} must be set as well (or set none of them` +
        ` and leave ChannelService empty or ${GOVERNMENT_CHANNEL_SERVICE})`,
    );
  }
  for (const name of URL_SETTINGS) {
    const value = get(name);
    if (value !== undefined && !isAcceptableUrl(value)) problems.push(`${name} must be an https URL`);
  }
  return problems;
}

export function cloudSettingsOf(
  env: Partial<Record<keyof CloudSettings, string>>,
): CloudSettings | undefined {
  const entries = Object.entries(env).filter(
    ([name, value]) => name in cloudSettingsSchema && value !== undefined && value !== '',
  );
  return entries.length === 0 ? undefined : Object.freeze(Object.fromEntries(entries));
}
