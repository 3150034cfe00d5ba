import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config';
import type { AuthenticateRequestResult } from './authGuard';
import { ConnectorReusingAuthentication } from './connectorCache';

/** The SDK's authentication from our configuration, cloud settings passed through by the SDK's own names. */
export function createBotAuthentication(config: AppConfig): ConfigurationBotFrameworkAuthentication {
  return new ConnectorReusingAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
    // In local mode there is no app id: the SDK's SingleTenant checks would refuse to start.
    MicrosoftAppType: config.localMode ? 'MultiTenant' : config.bot.appType,
    ...config.cloud,
  });
}

/**
 * CloudAdapter whose turns start from an authentication done beforehand (src/http/authGuard.ts), so
 * the edge decides the answer to every failure, and a tenant check can sit between the two.
 */
export class EdgeCloudAdapter extends CloudAdapter {
  runAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}
