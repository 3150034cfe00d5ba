import { ActivityTypes, type TurnContext } from 'botbuilder';
import { describeError, ErrorCodes } from '../../core/errors';
import { autoChecksFor, type AutoCheck, type ConsentTarget } from '../autoChecks';
import type { PerCheck } from '../../troubleshooting/model';
import type { TenantCheckReport } from '../checkTypes';
import { isPersonalChat, tenantIdOf } from '../../turn/activityFacts';
import { turnServices } from '../../turn/turnServices';

/** Runs (or reads from cache) the tenant's Graph checks for the user in this turn. */
export type AutoCheckSource = (context: TurnContext) => Promise<PerCheck<AutoCheck> | undefined>;

export interface TenantReports {
  get(tenantId: string, userAadObjectId?: string): Promise<TenantCheckReport>;
}

export function createAutoCheckSource(reports: TenantReports, consent: ConsentTarget): AutoCheckSource {
  return async (context) => {
    // Tenant evidence (licences, sync times, failure reasons, roles) only in the admin's personal chat:
    // in group chats and channels others would read it, so the checks stay manual and Graph is not called.
    if (!isPersonalChat(context.activity)) return undefined;
    const tenantId = tenantIdOf(context.activity);
    if (!tenantId) return undefined;
    // The checks take up to 5 seconds: show that the bot is working.
    await context.sendActivity({ type: ActivityTypes.Typing });
    try {
      const report = await reports.get(tenantId, context.activity.from?.aadObjectId);
      return autoChecksFor(report, consent);
    } catch (err) {
      // Without a report the section asks by hand, as it does when Graph is not configured.
      turnServices(context).log.warn(
        { code: ErrorCodes.GRAPH_FAILED, err: describeError(err) },
        'tenant checks failed',
      );
      return undefined;
    }
  };
}
