import assert from 'node:assert/strict';
import { SECTIONS } from '../../src/troubleshooting/catalogue';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { Localizer } from '../../src/i18n/translator';

const localizer = new Localizer();
const lines = SECTIONS.flatMap((s) =>
  s.checks.flatMap((c) => [
    ...c.steps.map((step) => ({ key: `checks.${c.id}.steps.${step.key}`, command: step.command })),
    ...c.fixSteps.map((step) => ({ key: `checks.${c.id}.fix.steps.${step.key}`, command: step.command })),
  ]),
);
const PLACEHOLDERS = /\b(YOUR-[A-Z-]+|contoso(?:\.com)?)\b/g;

describe('commands admins copy', () => {
  it('have no <…> placeholder (PowerShell reads < and > as redirection)', () => {
    const bad = lines.filter((l) => l.command && /[<>]/.test(l.command)).map((l) => l.key);
    assert.deepEqual(bad, []);
  });

  it('name no example Service Bus namespace as if it were the admin’s own', () => {
    assert.ok(!lines.some((l) => l.command?.includes('ssprdedicatedsbprodfra')));
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: each step text names the placeholders its command carries`, () => {
      const t = localizer.for(locale);
      const missing: string[] = [];
      for (const line of lines) {
        const names = new Set([...(line.command ?? '').matchAll(PLACEHOLDERS)].map((m) => m[1]));
        for (const name of names) {
          const word = name === 'contoso' || name === 'contoso.com' ? 'contoso' : name;
          if (!t.t(line.key).includes(word)) missing.push(`${line.key}: ${name}`);
        }
      }
      assert.deepEqual(missing, []);
    });
  }

  it('forest-wide commands say they need the RSAT Active Directory module', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const t = localizer.for(locale);
      assert.match(t.t('checks.pdcEmulator.steps.s1'), /RSAT-AD-PowerShell/);
      assert.match(t.t('checks.domainControllers.steps.s1'), /RSAT-AD-PowerShell/);
    }
  });
});
