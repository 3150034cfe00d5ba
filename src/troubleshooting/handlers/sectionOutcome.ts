/**
 * The one hook the helpdesk summary needs from the troubleshooting flow: a section finished (its summary
 * is shown), with the checks answered ✗. Counted per tenant by whoever implements the sink (the
 * helpdesk's outcome counter); nothing here knows about storage.
 */
import type { TurnContext } from 'botbuilder';
import { describeError, ErrorCodes } from '../../core/errors';
import { tenantIdOf } from '../../turn/activityFacts';
import { turnServices } from '../../turn/turnServices';
import { getSection } from '../catalogue';
import type { CheckId, PerCheck, RecordedAnswer, SectionId } from '../model';

export interface SectionOutcomeSink {
  sectionFinished(
    tenantId: string,
    section: SectionId,
    failed: readonly CheckId[],
    at: number,
  ): Promise<void>;
}

export async function sectionFinished(
  sink: SectionOutcomeSink | undefined,
  context: TurnContext,
  section: SectionId,
  answers: Readonly<PerCheck<RecordedAnswer>>,
  at: number,
): Promise<void> {
  const tenantId = tenantIdOf(context.activity);
  if (!sink || !tenantId) return;
  const failed = getSection(section)
    .checks.map((c) => c.id)
    .filter((id) => answers[id]?.answer === 'notOk');
  try {
    await sink.sectionFinished(tenantId, section, failed, at);
  } catch (err) {
    // A count the summary misses must not cost the admin their summary card: logged, the turn goes on.
    turnServices(context).log.warn(
      { code: ErrorCodes.HELPDESK_OUTCOME_NOT_COUNTED, err: describeError(err) },
      'helpdesk: finished section not counted',
    );
  }
}
