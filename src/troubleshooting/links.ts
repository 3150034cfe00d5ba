/** Microsoft Learn pages the cards link to (learn.microsoft.com URLs; older docs.microsoft.com links only redirect). */
const LEARN = 'https://learn.microsoft.com/entra/identity';

export const LearnLinks = {
  ssprLicensing: `${LEARN}/authentication/concept-sspr-licensing`,
  ssprWritebackTutorial: `${LEARN}/authentication/tutorial-enable-sspr-writeback`,
  ssprWritebackHowItWorks: `${LEARN}/authentication/concept-sspr-writeback`,
  troubleshootWriteback: `${LEARN}/authentication/troubleshoot-sspr-writeback`,
  connectPrerequisites: `${LEARN}/hybrid/connect/how-to-connect-install-prerequisites`,
  stagingServer: `${LEARN}/hybrid/connect/how-to-connect-sync-staging-server`,
  syncScheduler: `${LEARN}/hybrid/connect/how-to-connect-sync-feature-scheduler`,
  connectVersionHistory: `${LEARN}/hybrid/connect/reference-connect-version-history`,
  tlsEnforcement: `${LEARN}/hybrid/connect/reference-connect-tls-enforcement`,
  configureDirectoryPartitions: `${LEARN}/hybrid/connect/how-to-connect-sync-configure-filtering`,
} as const;
