/** Supported languages and the resolution of a Teams client locale (BCP-47) to one of them. */

export const SUPPORTED_LOCALES = ['en', 'lv', 'lt', 'sl', 'ro', 'zh-CN'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = 'en';

/** Each language's own name: the same in every locale, so it lives here and not in the locale files. */
export const LANGUAGE_NAMES: Readonly<Record<SupportedLocale, string>> = {
  en: 'English',
  lv: 'Latviešu',
  lt: 'Lietuvių',
  sl: 'Slovenščina',
  ro: 'Română',
  'zh-CN': '中文（简体）',
};

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * Maps a BCP-47 tag case-insensitively: `lv`, `lv-LV` → lv; `zh`, `zh-CN`, `zh-Hans`, `zh-SG`,
 * `zh-Hans-HK` → zh-CN; Traditional Chinese (`zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant…`) and anything
 * unknown → undefined (the caller falls back to English).
 */
export function matchLocale(tag: string | undefined | null): SupportedLocale | undefined {
  if (typeof tag !== 'string') return undefined;
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-').filter(Boolean);
  const language = parts[0];
  if (!language) return undefined;
  if (language === 'zh') {
    const rest = parts.slice(1);
    if (rest.includes('hant')) return undefined;
    if (rest.includes('hans')) return 'zh-CN';
    if (rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return undefined;
    return 'zh-CN';
  }
  return SUPPORTED_LOCALES.find((l) => l === language);
}

/** The chain: the user's explicit choice, then the Teams client locale, then English. */
export function resolveLocale(
  userChoice: string | undefined,
  clientLocale: string | undefined,
): SupportedLocale {
  if (isSupportedLocale(userChoice)) return userChoice;
  return matchLocale(clientLocale) ?? DEFAULT_LOCALE;
}
