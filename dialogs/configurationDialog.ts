import { SectionDialog, type SectionDeps } from './sectionDialog';

export const CONFIGURATION_DIALOG = 'configurationDialog';

/** Section 1: licences, accounts, PDC emulator, SSPR, cloud admin, permissions, DC versions, full sync. */
export class ConfigurationDialog extends SectionDialog {
  constructor(deps: SectionDeps) {
    super(CONFIGURATION_DIALOG, 'configuration', deps);
  }
}
