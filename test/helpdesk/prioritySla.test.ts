import assert from 'node:assert/strict';
import { priorityOf } from '../../src/helpdesk/priority';
import { breached, phaseDueAt, running, type SlaSettings } from '../../src/helpdesk/sla';
import { failingChecks, windowStats } from '../../src/helpdesk/stats';
import { applyOp, rate, reassign, setPriority, type Person, type Ticket } from '../../src/helpdesk/ticket';
import type { CheckId, SectionId } from '../../src/troubleshooting/model';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const T0 = Date.parse('2026-11-23T10:00:00Z');
const agentA: Person = { id: '29:a', aadObjectId: 'a', name: 'A' };
const agentB: Person = { id: '29:b', aadObjectId: 'b', name: 'B' };
const requester = { id: '29:r', aadObjectId: 'r', name: 'R', conversationKey: 'msteams:r', locale: 'lv-LV' };
const SLA: SlaSettings = {
  targets: {
    low: { respondMinutes: 480, resolveMinutes: 4320 },
    normal: { respondMinutes: 240, resolveMinutes: 1440 },
    high: { respondMinutes: 60, resolveMinutes: 480 },
    urgent: { respondMinutes: 15, resolveMinutes: 240 },
  },
  warnPercent: 75,
};

const check = (id: CheckId, section: SectionId, answer: 'ok' | 'notOk' | 'skip' | 'pending') => ({
  id,
  section,
  answer,
});

function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    tenantId: 't',
    number: 1,
    createdAt: T0,
    scope: 'case',
    requester,
    checks: [],
    events: [],
    evidence: [],
    description: '',
    descriptionCut: 0,
    status: 'open',
    history: [],
    helpdesk: { teamId: 'team', channelId: 'ch', locale: 'en' },
    ...over,
  };
}

describe('helpdesk priority rules', () => {
  it('a ✗ on Connectivity or on the writeback flag is High; another ✗ or a ⚠ is Normal; nothing failed is Low', () => {
    assert.equal(priorityOf({ checks: [check('firewall', 'connectivity', 'notOk')], evidence: [] }), 'high');
    assert.equal(
      priorityOf({ checks: [check('reenableWriteback', 'stillNotWorking', 'notOk')], evidence: [] }),
      'high',
    );
    assert.equal(
      priorityOf({ checks: [check('licensing', 'configuration', 'notOk')], evidence: [] }),
      'normal',
    );
    const graphUnsure = [{ checkId: 'licensing' as const, verdict: 'unknown' as const, lines: [] }];
    assert.equal(
      priorityOf({ checks: [check('licensing', 'configuration', 'ok')], evidence: graphUnsure }),
      'normal',
    );
    // Graph saw a failure on a Connectivity check the admin said was OK: the ✗ counts.
    const graphFail = [{ checkId: 'tls12' as const, verdict: 'fail' as const, lines: [] }];
    assert.equal(priorityOf({ checks: [check('tls12', 'connectivity', 'ok')], evidence: graphFail }), 'high');
    const fine = [check('firewall', 'connectivity', 'ok'), check('tls12', 'connectivity', 'skip')];
    assert.equal(
      priorityOf({ checks: [...fine, check('idleTimeout', 'connectivity', 'pending')], evidence: [] }),
      'low',
    );
  });
});

describe('helpdesk SLA and transitions', () => {
  it('warning and breach times follow the priority; met targets stop running; late is a breach', () => {
    const high = ticket({ priority: 'high' });
    assert.equal(phaseDueAt(SLA, high, 'respondWarn'), T0 + 45 * MINUTE);
    assert.equal(phaseDueAt(SLA, high, 'respondBreach'), T0 + 60 * MINUTE);
    assert.equal(phaseDueAt(SLA, high, 'resolveWarn'), T0 + 360 * MINUTE);
    // Tickets stored before priorities read as Normal.
    assert.equal(phaseDueAt(SLA, ticket(), 'respondBreach'), T0 + 240 * MINUTE);
    assert.equal(breached(SLA, high, 'respond', T0 + 59 * MINUTE), false);
    assert.equal(breached(SLA, high, 'respond', T0 + 61 * MINUTE), true);
    const assigned = applyOp(high, 'assign', agentA, T0 + 30 * MINUTE);
    assert.ok(assigned.ok);
    assert.equal(running(assigned.ticket, 'respond'), false);
    assert.equal(breached(SLA, assigned.ticket, 'respond', T0 + 10 * DAY), false, 'met in time stays met');
    const late = applyOp(high, 'assign', agentA, T0 + 90 * MINUTE);
    assert.ok(late.ok);
    assert.equal(breached(SLA, late.ticket, 'respond', T0 + 90 * MINUTE), true);
  });

  it('reassign, priority and rating refuse what they cannot do and change nothing', () => {
    const open = ticket();
    assert.equal(reassign(open, agentB, agentA, T0).ok, true);
    const taken = applyOp(open, 'assign', agentB, T0);
    assert.ok(taken.ok);
    assert.deepEqual(reassign(taken.ticket, agentB, agentA, T0), {
      ok: false,
      reason: 'unchanged',
      ticket: taken.ticket,
    });
    assert.deepEqual(setPriority(open, 'normal', agentA, T0), {
      ok: false,
      reason: 'unchanged',
      ticket: open,
    });
    // A rating belongs to one resolution: not before it, once, and not for an earlier one.
    assert.equal(rate(open, { stars: 4, resolution: 0 }, requester, T0).ok, false);
    const resolved = applyOp(taken.ticket, 'resolve', agentB, T0 + MINUTE);
    assert.ok(resolved.ok && resolved.ticket.resolutions === 1);
    const rated = rate(resolved.ticket, { stars: 4, resolution: 1 }, requester, T0 + 2 * MINUTE);
    assert.ok(rated.ok);
    assert.equal(rate(rated.ticket, { stars: 5, resolution: 1 }, requester, T0).ok, false);
    const reopened = applyOp(rated.ticket, 'reopen', agentB, T0);
    assert.ok(reopened.ok);
    const again = applyOp(reopened.ticket, 'resolve', agentB, T0);
    assert.ok(again.ok);
    const stale = rate(again.ticket, { stars: 1, resolution: 1 }, requester, T0);
    assert.equal(!stale.ok && stale.reason, 'staleRating');
    assert.equal(rate(again.ticket, { stars: 2, resolution: 2 }, requester, T0).ok, true);
  });
});

describe('helpdesk summary figures', () => {
  it('counts by window: opened, resolved, medians, breaches, ratings, deflection, failing checks', () => {
    const now = T0 + 20 * DAY;
    const recent = ticket({
      number: 2,
      createdAt: now - 2 * DAY,
      priority: 'high',
      status: 'resolved',
      assignedAt: now - 2 * DAY + 30 * MINUTE,
      resolvedAt: now - 2 * DAY + 600 * MINUTE,
      rating: { stars: 5, at: now - DAY, resolution: 1 },
    });
    const older = ticket({
      number: 1,
      createdAt: now - 15 * DAY,
      status: 'assigned',
      assignedAt: now - 15 * DAY + 10 * MINUTE,
    });
    const outcomes: Array<{ day: number; finished: number; fails: Record<string, number> }> = [
      { day: Math.floor((now - 15 * DAY) / DAY), finished: 4, fails: { firewall: 2 } },
      { day: Math.floor((now - 2 * DAY) / DAY), finished: 3, fails: { firewall: 1, tls12: 2 } },
    ];
    const week = windowStats([recent, older], outcomes, SLA, now, 7);
    assert.equal(week.opened, 1);
    assert.equal(week.resolved, 1);
    assert.equal(week.medianAssignMs, 30 * MINUTE);
    assert.equal(week.medianResolveMs, 600 * MINUTE);
    assert.equal(week.breaches, 1, 'resolved after 10 h against 8 h');
    assert.equal(week.averageRating, 5);
    assert.deepEqual([week.finished, week.escalated], [3, 1]);
    const month = windowStats([recent, older], outcomes, SLA, now, 30);
    assert.equal(month.opened, 2);
    assert.equal(month.medianAssignMs, 20 * MINUTE);
    // The older one (Normal, 24 h to resolve) is still open after 15 days: a breach.
    assert.equal(month.breaches, 2);
    assert.deepEqual(failingChecks(outcomes, now, 30), [
      { check: 'firewall', count: 3 },
      { check: 'tls12', count: 2 },
    ]);
  });
});
