/** `helpdesk stats`: the summary card, in the helpdesk's language. */
import { card, container, factSet, heading, subtle, text, type AdaptiveCard } from '../cards/elements';
import type { Translator } from '../i18n/translator';
import type { CheckId } from '../troubleshooting/model';
import type { WindowStats } from './stats';

function duration(t: Translator, ms: number | undefined): string {
  if (ms === undefined) return t.t('helpdesk.stats.none');
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return t.t('helpdesk.stats.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t.t('helpdesk.stats.hours', { h: hours, m: minutes % 60 });
  return t.t('helpdesk.stats.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

function windowPart(t: Translator, stats: WindowStats) {
  const deflected = Math.max(0, stats.finished - stats.escalated);
  const number = (n: number): string => n.toLocaleString(t.locale);
  return container(
    [
      text(t.t(stats.days === 7 ? 'helpdesk.stats.week' : 'helpdesk.stats.month'), { weight: 'Bolder' }),
      factSet([
        { title: t.t('helpdesk.stats.opened'), value: number(stats.opened) },
        { title: t.t('helpdesk.stats.resolved'), value: number(stats.resolved) },
        { title: t.t('helpdesk.stats.medianAssign'), value: duration(t, stats.medianAssignMs) },
        { title: t.t('helpdesk.stats.medianResolve'), value: duration(t, stats.medianResolveMs) },
        { title: t.t('helpdesk.stats.breaches'), value: number(stats.breaches) },
        {
          title: t.t('helpdesk.stats.rating'),
          value:
            stats.averageRating === undefined
              ? t.t('helpdesk.stats.noRating')
              : t.t('helpdesk.stats.ratingValue', {
                  avg: stats.averageRating.toLocaleString(t.locale, { maximumFractionDigits: 1 }),
                  count: stats.ratings,
                }),
        },
        {
          title: t.t('helpdesk.stats.deflection'),
          value: t.t('helpdesk.stats.deflectionValue', {
            deflected: number(deflected),
            finished: number(stats.finished),
            escalated: number(stats.escalated),
          }),
        },
      ]),
    ],
    { spacing: 'Medium' },
  );
}

export function statsCard(
  t: Translator,
  windows: readonly WindowStats[],
  failing: ReadonlyArray<{ check: CheckId; count: number }>,
): AdaptiveCard {
  return card([
    heading(t.t('helpdesk.stats.title')),
    ...windows.map((w) => windowPart(t, w)),
    text(t.t('helpdesk.stats.failing'), { weight: 'Bolder', spacing: 'Medium' }),
    failing.length > 0
      ? factSet(failing.map((f) => ({ title: t.t(`checks.${f.check}.title`), value: `${f.count} ✗` })))
      : subtle(t.t('helpdesk.stats.noFailing')),
  ]);
}
