import { SectionDialog, type SectionDeps } from './sectionDialog';

export const CONNECTIVITY_DIALOG = 'connectivityDialog';

/** Section 2: Connect version (typed and compared), outbound HTTPS, idle timeout, TLS 1.2. */
export class ConnectivityDialog extends SectionDialog {
  constructor(deps: SectionDeps) {
    super(CONNECTIVITY_DIALOG, 'connectivity', deps);
  }
}
