/**
 * How troubleshooting sections end, per tenant and day, for the helpdesk summary's deflection and
 * "checks that fail most": `helpdesk/<tenant>/outcomes`, one small record (the last 31 days), written
 * with compare-and-set so two instances count every finished section once.
 */
import { z } from 'zod';
import { readItem, updateItem } from '../storage/eTagStorage';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import { CHECK_IDS, type CheckId, type SectionId } from '../troubleshooting/model';
import type { SectionOutcomeSink } from '../troubleshooting/handlers/sectionOutcome';
import { isSafeTenantId } from './store';

const DAYS_KEPT = 31;
const DAY_MS = 86_400_000;

const daySchema = z.object({
  /** Days since the epoch (UTC). */
  day: z.number().int().nonnegative(),
  finished: z.number().int().nonnegative(),
  fails: z.record(z.string(), z.number().int().nonnegative()),
});
const outcomesSchema = z.object({ days: z.array(daySchema).max(DAYS_KEPT) });
export type DayOutcomes = z.infer<typeof daySchema>;
type Outcomes = z.infer<typeof outcomesSchema>;

const parse = (raw: unknown): Outcomes | undefined => {
  const parsed = outcomesSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
};
const known = new Set<string>(CHECK_IDS);

export const dayOf = (at: number): number => Math.floor(at / DAY_MS);

export class SectionOutcomes implements SectionOutcomeSink {
  constructor(private readonly storage: KeyValueStorage) {}

  private key(tenantId: string): string {
    if (!isSafeTenantId(tenantId)) throw new Error('helpdesk: unsafe tenant id');
    return `helpdesk/${tenantId}/outcomes`;
  }

  async sectionFinished(
    tenantId: string,
    _section: SectionId,
    failed: readonly CheckId[],
    at: number,
  ): Promise<void> {
    if (!isSafeTenantId(tenantId)) return;
    const today = dayOf(at);
    await updateItem(
      this.storage,
      this.key(tenantId),
      parse,
      (current) => {
        const days = (current?.days ?? []).filter((d) => d.day > today - DAYS_KEPT);
        let entry = days.find((d) => d.day === today);
        if (!entry) {
          entry = { day: today, finished: 0, fails: {} };
          days.push(entry);
        }
        entry.finished += 1;
        for (const id of failed) if (known.has(id)) entry.fails[id] = (entry.fails[id] ?? 0) + 1;
        return { write: { days: days.sort((a, b) => a.day - b.day).slice(-DAYS_KEPT) } };
      },
      32,
    );
  }

  async days(tenantId: string): Promise<DayOutcomes[]> {
    return (await readItem(this.storage, this.key(tenantId), parse))?.value.days ?? [];
  }
}
