/** Get-ADSyncAADPasswordResetConfiguration: the password writeback flag on the Connect server. */
import { LearnLinks } from '../../troubleshooting/links';
import { boolValue, columnValue, fieldValue, listFields } from './fields';
import type { PasteFinding } from './types';

export function readPasswordResetConfig(text: string): PasteFinding | undefined {
  const ran = /Get-ADSyncAADPasswordResetConfiguration/i.test(text);
  const fields = listFields(text);
  let enabled = boolValue(fieldValue(fields, 'Enabled'));
  if (enabled === undefined) {
    // Table layout: "Enabled", dashes, then True or False.
    enabled = boolValue(columnValue(text, 'Enabled'));
  }
  // "Enabled : True" alone is this cmdlet's output; SCHANNEL's "Enabled : 1" is the TLS reader's.
  const otherFields = fields.filter(
    (f) => !/^(Enabled|ConnectorName|Connector|Name|Identifier)$/i.test(f.name),
  );
  if (enabled === undefined || (!ran && otherFields.length > 0)) return undefined;
  const state = enabled ? 'on' : 'off';
  return {
    kind: 'passwordResetConfig',
    mark: enabled ? 'fine' : 'problem',
    title: { key: `paste.resetConfig.${state}Title` },
    meaning: [{ key: `paste.resetConfig.${state}Meaning` }],
    action: [{ key: `paste.resetConfig.${state}Action` }],
    learnUrl: LearnLinks.ssprWritebackTutorial,
    answers: enabled
      ? []
      : [
          { checkId: 'ssprEnabled', answer: 'notOk', detail: 'Enabled: False' },
          { checkId: 'reenableWriteback', answer: 'notOk', detail: 'Enabled: False' },
        ],
  };
}
