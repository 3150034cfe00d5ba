/**
 * The domain controller Microsoft Entra Connect writes passwords to, as the collector prints it: the PDC
 * emulator of the server's domain, and the AD connector's directory partition settings whose names mention
 * a DC (where readable). Nothing here decides the check: whether "Only use preferred domain controllers"
 * leaves the PDC emulator out is shown for the admin to compare.
 */
import { LearnLinks } from '../../troubleshooting/links';
import { listFields, safeHost } from './fields';
import type { PasteFinding, TextLine } from './types';

const PDC_COMMAND = /PdcRoleOwner/i;
const PARTITION_COMMAND = /Get-ADSyncConnector\b/i;
const SETTING_NAME = /^[A-Za-z][A-Za-z-]{0,39}$/;

function pdcOf(text: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => PDC_COMMAND.test(l));
  if (at < 0) return undefined;
  const row = lines.slice(at + 1).find((l) => l.trim());
  return safeHost(row);
}

/** "Name : last-dc" / "Value : DC02.corp.contoso.com" pairs (Format-List Name, Value). */
function settingsOf(text: string): string[] {
  if (!PARTITION_COMMAND.test(text)) return [];
  const fields = listFields(text);
  const settings: string[] = [];
  for (let i = 0; i + 1 < fields.length && settings.length < 6; i++) {
    const [name, value] = [fields[i], fields[i + 1]];
    if (!/^name$/i.test(name.name) || !/^value$/i.test(value.name)) continue;
    if (!SETTING_NAME.test(name.value) || !/dc/i.test(name.value)) continue;
    const hosts = value.value
      .split(/[,;\s]+/)
      .map((h) => safeHost(h))
      .filter((h): h is string => h !== undefined);
    settings.push(`${name.value} = ${hosts.length > 0 ? hosts.slice(0, 6).join(', ') : '–'}`);
  }
  return settings;
}

export function readDomainControllers(text: string): PasteFinding | undefined {
  const pdc = pdcOf(text);
  const settings = settingsOf(text);
  if (!pdc && settings.length === 0) return undefined;
  const meaning: TextLine[] = [];
  if (pdc) meaning.push({ key: 'paste.dc.pdc', values: { host: pdc } });
  if (settings.length > 0)
    meaning.push({ key: 'paste.dc.settings', values: { settings: settings.join('; ') } });
  return {
    kind: 'domainControllers',
    mark: 'unsure',
    title: pdc ? { key: 'paste.dc.title', values: { host: pdc } } : { key: 'paste.dc.titleSettings' },
    meaning,
    action: [{ key: 'paste.dc.action' }],
    learnUrl: LearnLinks.troubleshootWriteback,
    answers: [],
  };
}
