import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  enrolled,
  InstallationIndex,
  MAX_INSTALLS,
  MAX_MEMBERS,
  needsEnrolment,
  releaseStoredProfile,
  withoutInstallation,
} from '../../src/proactive/installations';
import { MemoryKeyValueStorage } from '../support/memoryKeyValueStorage';

const member = (n: number) => ({ stateKey: `msteams/users/29:u${n}/`, userKey: `tenant/u${n}` });

describe('installations: who is listed where, and when a profile is needed no more', () => {
  it('a full installation does not list one more user, whose profile is then never deleted automatically', async () => {
    const storage = new MemoryKeyValueStorage();
    const index = new InstallationIndex(storage);
    assert.equal(await index.enrol('msteams:team:T', member(0)), true);
    // The record as documented: install/<sha256 of the installation key>, filled up to the cap.
    const key = `install/${createHash('sha256').update('msteams:team:T').digest('hex')}`;
    await storage.write({ [key]: { members: Array.from({ length: MAX_MEMBERS }, (_, n) => member(n)) } });
    assert.equal(await index.enrol('msteams:team:T', member(0)), true, 'already listed');
    assert.equal(await index.enrol('msteams:team:T', member(MAX_MEMBERS)), false);

    const profile = enrolled({ installs: ['msteams:a:personal'] }, 'msteams:team:T', false);
    assert.equal(profile.untracked, true);
    assert.equal(needsEnrolment(profile, 'msteams:a:other'), false, 'no point listing it elsewhere');
    assert.equal(withoutInstallation(profile, 'msteams:a:personal').needed, true);
  });

  it('a user in MAX_INSTALLS installations is untracked from the next one on', () => {
    const installs = Array.from({ length: MAX_INSTALLS }, (_, i) => `msteams:a:${i}`);
    assert.equal(enrolled({ installs }, 'msteams:a:more', true).untracked, true);
    assert.deepEqual(enrolled({ installs: ['x'] }, 'y', true), { installs: ['x', 'y'] });
  });

  it('another member’s stored profile drops the installation; deleted only when none is left', async () => {
    const storage = new MemoryKeyValueStorage();
    const key = member(1).stateKey;
    await storage.write({ [key]: { profile: { language: 'lv', installs: ['A', 'B'] } } });
    assert.equal(await releaseStoredProfile(storage, key, 'A'), false);
    const left = (await storage.read([key]))[key] as Record<string, unknown>;
    assert.deepEqual(left.profile, { language: 'lv', installs: ['B'] });
    assert.equal(await releaseStoredProfile(storage, key, 'B'), true);
    assert.deepEqual(await storage.read([key]), {});
    assert.equal(await releaseStoredProfile(storage, key, 'B'), false, 'nothing to do the second time');
  });
});
