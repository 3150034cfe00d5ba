/**
 * Who may set, move and remove the tenant's helpdesk channel (`helpdesk here` / `off` / `language xx`).
 *
 * - With HELPDESK_ADMINS: only the Entra object ids listed set it up, move it or remove it.
 * - Without: the first helpdesk may be set in any team channel of the tenant; once there is one, only a
 *   member of its team (asked of Teams' roster, so a team owner too) moves it (`helpdesk here` said in the
 *   new channel) or removes it (`helpdesk off`, said in the helpdesk channel).
 * - `helpdesk language` is said in the helpdesk channel, by a member of its team.
 *
 * The decision and the write are one compare-and-set (HelpdeskStore.changeChannel). Every set, move and
 * removal is logged with a stable code and hashed ids, and said in the channels concerned: the reply in
 * the channel the command came from, and after a move a line in the old channel (through the outbound
 * sender). A refusal changes nothing and is logged too.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { ErrorCodes, type ErrorCode } from '../../core/errors';
import { safeName } from '../sanitize';
import type { HelpdeskChannel } from '../store';
import type { HelpdeskServices } from './wiring';
import { LANGUAGE_NAMES, matchLocale, resolveLocale, SUPPORTED_LOCALES } from '../../i18n/locales';
import { hashId } from '../../core/logRedaction';
import { referenceFromActivity } from '../../proactive/conversationReference';
import type { StoredConversationReference } from '../../proactive/types';
import { sendNote } from '../../turn/replies';
import { channelIdsOf, channelOf } from './teamChannel';
import { teamMembership } from './teamMembership';
import { turnServices } from '../../turn/turnServices';
import { afterTurn } from './afterTurn';
import { offerPending } from './lifecycle';

const languageName = (locale: string): string => LANGUAGE_NAMES[resolveLocale(undefined, locale)];

type Grant = 'open' | 'admin' | 'team';
type Permission =
  | { ok: true; via: Grant }
  | { ok: false; reason: 'notAdmin' | 'notMember' | 'memberCheckFailed'; note: string };

/** The rule above, for `current` (the helpdesk as it is now). `language` is its team's business only. */
async function permission(
  context: TurnContext,
  services: HelpdeskServices,
  current: HelpdeskChannel | undefined,
  change: 'manage' | 'language',
): Promise<Permission> {
  if (services.admins && change === 'manage') {
    const id = context.activity.from?.aadObjectId?.toLowerCase();
    return id && services.admins.includes(id)
      ? { ok: true, via: 'admin' }
      : { ok: false, reason: 'notAdmin', note: 'helpdesk.setup.notAdmin' };
  }
  if (!current) return { ok: true, via: 'open' };
  const member = await teamMembership(context, current.teamId, turnServices(context).log);
  if (member === 'member') return { ok: true, via: 'team' };
  return member === 'unknown'
    ? { ok: false, reason: 'memberCheckFailed', note: 'helpdesk.setup.checkFailed' }
    : { ok: false, reason: 'notMember', note: 'helpdesk.setup.notTeamMember' };
}

/** One audit line: what changed, on whose authority, with every id hashed. */
function audit(
  context: TurnContext,
  tenantId: string,
  code: ErrorCode,
  fields: {
    action: 'set' | 'move' | 'remove' | 'language';
    via?: Grant;
    reason?: string;
    from?: HelpdeskChannel;
    to?: { teamId: string; channelId: string };
  },
  message: string,
): void {
  const from = context.activity.from;
  const entry = {
    code,
    action: fields.action,
    via: fields.via,
    reason: fields.reason,
    tenant: hashId(tenantId),
    by: hashId(from?.aadObjectId ?? from?.id ?? ''),
    fromTeam: fields.from ? hashId(fields.from.teamId) : undefined,
    fromChannel: fields.from ? hashId(fields.from.channelId) : undefined,
    toTeam: fields.to ? hashId(fields.to.teamId) : undefined,
    toChannel: fields.to ? hashId(fields.to.channelId) : undefined,
  };
  const log = turnServices(context).log;
  if (code === ErrorCodes.HELPDESK_CHANGE_REFUSED) log.warn(entry, message);
  else log.info(entry, message);
}

type HereOutcome =
  | { kind: 'same'; current: HelpdeskChannel }
  | { kind: 'refused'; refusal: Extract<Permission, { ok: false }>; current?: HelpdeskChannel }
  | { kind: 'set'; via: Grant }
  | { kind: 'moved'; via: Grant; previous: HelpdeskChannel };

export async function setHere(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
): Promise<void> {
  const here = await channelOf(context);
  if (!here) {
    await sendNote(context, 'helpdesk.setup.notChannel');
    return;
  }
  const { t, timeZone } = turnServices(context);
  const incoming = referenceFromActivity(context.activity, services.now().getTime());
  if (!incoming) throw new Error('a channel message without a conversation reference');
  const reference: StoredConversationReference = {
    ...incoming,
    conversation: { id: here.channelId, tenantId, conversationType: 'channel', isGroup: true },
  };
  const activity = context.activity;
  const channel: HelpdeskChannel = {
    tenantId,
    teamId: here.teamId,
    channelId: here.channelId,
    channelName: here.name,
    serviceUrl: activity.serviceUrl,
    reference,
    locale: t.locale,
    ...(timeZone ? { timeZone } : {}),
    setBy: { id: activity.from.id, name: activity.from.name ?? '', aadObjectId: activity.from.aadObjectId },
    setAt: services.now().getTime(),
  };
  const outcome = await services.store.changeChannel<HereOutcome>(tenantId, async (current) => {
    // Said again where it already is: nothing to change (and a second click of the same kind is a no-op).
    if (current?.channelId === here.channelId && !current.unavailable)
      return { keep: true, result: { kind: 'same', current } };
    // A helpdesk Teams took away (channel or team deleted, archived, the bot removed) is set up again as
    // if there were none: its team may be gone, and nothing can be said in its channel. A refused post
    // alone keeps the team's say (it may pass).
    const live = current?.unavailable && current.unavailable.reason !== 'postRejected' ? undefined : current;
    const allowed = await permission(context, services, live, 'manage');
    if (!allowed.ok) return { keep: true, result: { kind: 'refused', refusal: allowed, current } };
    return {
      write: channel,
      result:
        live && live.channelId !== here.channelId
          ? { kind: 'moved', via: allowed.via, previous: live }
          : { kind: 'set', via: allowed.via },
    };
  });
  // Cases kept while no helpdesk could take them are offered again to their admins.
  if (outcome.kind === 'set' || outcome.kind === 'moved') {
    const log = turnServices(context).log;
    afterTurn(context, () => offerPending(services, tenantId, channel, log));
  }
  const values = { channel: here.name, language: languageName(channel.locale) };
  switch (outcome.kind) {
    case 'same':
      await sendNote(context, 'helpdesk.setup.same', {
        channel: here.name,
        language: languageName(outcome.current.locale),
      });
      return;
    case 'refused': {
      const { refusal, current } = outcome;
      audit(
        context,
        tenantId,
        ErrorCodes.HELPDESK_CHANGE_REFUSED,
        { action: current ? 'move' : 'set', reason: refusal.reason, from: current, to: here },
        'helpdesk: change refused',
      );
      await sendNote(context, refusal.note, { channel: current?.channelName ?? '' });
      return;
    }
    case 'set':
      audit(
        context,
        tenantId,
        ErrorCodes.HELPDESK_CHANNEL_SET,
        { action: 'set', via: outcome.via, to: here },
        'helpdesk: set',
      );
      await sendNote(context, 'helpdesk.setup.set', values);
      return;
    case 'moved': {
      const { previous } = outcome;
      audit(
        context,
        tenantId,
        ErrorCodes.HELPDESK_CHANNEL_MOVED,
        { action: 'move', via: outcome.via, from: previous, to: here },
        'helpdesk: moved',
      );
      await sendNote(context, 'helpdesk.setup.replaced', { ...values, previous: previous.channelName });
      await tellOldChannel(context, services, previous, here.name);
    }
  }
}

/** The line in the channel the helpdesk left, in its language, through the one outbound sender. */
async function tellOldChannel(
  context: TurnContext,
  services: HelpdeskServices,
  previous: HelpdeskChannel,
  newChannel: string,
): Promise<void> {
  const key = await services.references.save({ ...previous.reference, updatedAt: services.now().getTime() });
  const t = services.localizer.for(resolveLocale(undefined, previous.locale));
  const from = context.activity.from;
  const line = t.t('helpdesk.setup.movedAway', { name: safeName(from.name, from.id), channel: newChannel });
  // The sender logs any failure with its own code and correlation id; the move itself stands.
  await services.sender.send(key, () => MessageFactory.text(line), {
    correlationId: `${turnServices(context).correlationId}-moved`,
  });
}

type OffOutcome =
  | { kind: 'none' }
  | { kind: 'elsewhere'; current: HelpdeskChannel }
  | { kind: 'refused'; refusal: Extract<Permission, { ok: false }>; current: HelpdeskChannel }
  | { kind: 'removed'; via: Grant; previous: HelpdeskChannel };

export async function setOff(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
): Promise<void> {
  const here = channelIdsOf(context)?.channelId;
  const outcome = await services.store.changeChannel<OffOutcome>(tenantId, async (current) => {
    if (!current) return { keep: true, result: { kind: 'none' } };
    if (here !== current.channelId) return { keep: true, result: { kind: 'elsewhere', current } };
    const allowed = await permission(context, services, current, 'manage');
    if (!allowed.ok) return { keep: true, result: { kind: 'refused', refusal: allowed, current } };
    return { remove: true, result: { kind: 'removed', via: allowed.via, previous: current } };
  });
  switch (outcome.kind) {
    case 'none':
      await sendNote(context, 'helpdesk.setup.offNone');
      return;
    case 'elsewhere':
      await sendNote(context, 'helpdesk.setup.notHere', { channel: outcome.current.channelName });
      return;
    case 'refused':
      audit(
        context,
        tenantId,
        ErrorCodes.HELPDESK_CHANGE_REFUSED,
        { action: 'remove', reason: outcome.refusal.reason, from: outcome.current },
        'helpdesk: change refused',
      );
      await sendNote(context, outcome.refusal.note, { channel: outcome.current.channelName });
      return;
    case 'removed':
      audit(
        context,
        tenantId,
        ErrorCodes.HELPDESK_CHANNEL_REMOVED,
        { action: 'remove', via: outcome.via, from: outcome.previous },
        'helpdesk: removed',
      );
      await sendNote(context, 'helpdesk.setup.off');
  }
}

export async function setLanguage(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
  code: string,
): Promise<void> {
  const current = await services.store.channel(tenantId);
  if (!current) {
    await sendNote(context, 'helpdesk.setup.offNone');
    return;
  }
  if (channelIdsOf(context)?.channelId !== current.channelId) {
    await sendNote(context, 'helpdesk.setup.notHere', { channel: current.channelName });
    return;
  }
  const allowed = await permission(context, services, current, 'language');
  if (!allowed.ok) {
    audit(
      context,
      tenantId,
      ErrorCodes.HELPDESK_CHANGE_REFUSED,
      { action: 'language', reason: allowed.reason, from: current },
      'helpdesk: change refused',
    );
    await sendNote(context, allowed.note, { channel: current.channelName });
    return;
  }
  const locale = matchLocale(code);
  if (!locale) {
    const list = SUPPORTED_LOCALES.map((l) => `${l} (${LANGUAGE_NAMES[l]})`).join(', ');
    await sendNote(context, 'notes.languageUnknown', { code: code.slice(0, 20), list });
    return;
  }
  await services.store.setLanguage(tenantId, locale);
  // Said in the new language: that is what the helpdesk will read from now on.
  const t = services.localizer.for(locale);
  await context.sendActivity(
    MessageFactory.text(t.t('helpdesk.setup.languageSet', { language: LANGUAGE_NAMES[locale] })),
  );
}
