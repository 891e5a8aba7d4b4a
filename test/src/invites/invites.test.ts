// Invite codes on real PostgreSQL: creation, the reasons an invite is refused, and concurrent redeems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkInvite,
  createInvite,
  generateInviteCode,
  inviteLinks,
  listInvites,
  normaliseInviteCode,
  redeemInvite,
  revokeInvite,
  type InviteInput,
} from '../../../src/invites/invites';
import { createOrganisation, createProgramme } from '../../../src/programmes/programmes';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let database: TestDatabase;
const now = new Date('2026-09-01T09:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 12 });
});
afterAll(async () => {
  await database.drop();
});

async function newProgramme(name = 'Наставничество 2026/27') {
  const organisation = await createOrganisation(database.db, { name: 'МБОУ СОШ № 7' });
  return createProgramme(database.db, { organisationId: organisation.id, name });
}

async function newInvite(overrides: Partial<InviteInput> = {}) {
  const programme = await newProgramme();
  return createInvite(database.db, { programmeId: programme.id, role: 'mentee', ...overrides });
}

describe('creating invites', () => {
  it('gives an 8-character code without look-alike characters, unused and open-ended by default', async () => {
    const invite = await newInvite({ role: 'mentor' });
    expect(invite.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(invite).toMatchObject({ role: 'mentor', uses: 0, maxUses: null, expiresAt: null, revokedAt: null });
  });

  it('draws codes from the unambiguous alphabet only', () => {
    const codes = Array.from({ length: 500 }, generateInviteCode).join('');
    expect(codes).not.toMatch(/[01OIL]/);
    expect(new Set(codes).size).toBeGreaterThan(25);
  });

  it('refuses a use limit below one', async () => {
    const programme = await newProgramme();
    await expect(createInvite(database.db, { programmeId: programme.id, role: 'mentee', maxUses: 0 })).rejects.toThrow(RangeError);
  });

  it('lists a programme’s invites newest first, and only that programme’s', async () => {
    const programme = await newProgramme();
    const other = await newProgramme('Другая программа');
    const first = await createInvite(database.db, { programmeId: programme.id, role: 'mentee' });
    const second = await createInvite(database.db, { programmeId: programme.id, role: 'curator' });
    await createInvite(database.db, { programmeId: other.id, role: 'mentee' });
    const listed = await listInvites(database.db, programme.id);
    expect(listed.map((i) => i.code)).toEqual([second.code, first.code]);
  });
});

describe('normalising what a person typed or pasted', () => {
  it.each([
    ['ABCD2345', 'ABCD2345'],
    ['  abcd2345 \n', 'ABCD2345'],
    ['AbCd2345', 'ABCD2345'],
    ['https://t.me/nastavnik_bot?start=abcd2345', 'ABCD2345'],
    ['t.me/nastavnik_bot?start=ABCD2345', 'ABCD2345'],
    ['https://vk.me/nastavnik?ref=ABCD2345', 'ABCD2345'],
    ['https://vk.me/club123?ref=abcd2345&ref_source=qr', 'ABCD2345'],
    ['  https://t.me/nastavnik_bot?start=ABCD2345  ', 'ABCD2345'],
  ])('reads %j as the code %s', (input, code) => {
    expect(normaliseInviteCode(input)).toBe(code);
  });

  it.each([
    [''],
    ['   '],
    ['hello'],
    ['ABCD234'],
    ['ABCD23456'],
    ['ABCD 2345'],
    ['ABCD0123'],
    ['OILOILOI'],
    ['привет!!'],
    ['https://t.me/nastavnik_bot'],
    ['https://t.me/nastavnik_bot?start='],
    ['https://t.me/nastavnik_bot?start=ABCD0123'],
    ['https://example.com/?start=ABCD2345'],
    ['https://vk.me/nastavnik?start=ABCD2345'],
  ])('does not take %j for a code', (input) => {
    expect(normaliseInviteCode(input)).toBeUndefined();
  });
});

describe('checking and redeeming invites', () => {
  it('an open invite is valid and names its programme and organisation', async () => {
    const invite = await newInvite();
    const check = await checkInvite(database.db, invite.code, now);
    expect(check).toMatchObject({
      ok: true,
      invite: { code: invite.code },
      programme: { name: 'Наставничество 2026/27' },
      organisation: { name: 'МБОУ СОШ № 7' },
    });
  });

  it('an unknown code is refused as unknown', async () => {
    expect(await checkInvite(database.db, 'ZZZZ9999', now)).toEqual({ ok: false, error: 'invite-unknown' });
    expect(await redeemInvite(database.db, 'ZZZZ9999', now)).toEqual({ ok: false, error: 'invite-unknown' });
  });

  it('an invite past its expiry is refused as expired, and redeeming it counts no use', async () => {
    const invite = await newInvite({ expiresAt: later(DAY) });
    expect((await checkInvite(database.db, invite.code, later(DAY - 1))).ok).toBe(true);
    expect(await checkInvite(database.db, invite.code, later(DAY))).toEqual({ ok: false, error: 'invite-expired' });
    expect(await redeemInvite(database.db, invite.code, later(2 * DAY))).toEqual({ ok: false, error: 'invite-expired' });
    const [listed] = await listInvites(database.db, invite.programmeId);
    expect(listed?.uses).toBe(0);
  });

  it('a revoked invite is refused as revoked, even when it has also expired', async () => {
    const invite = await newInvite({ expiresAt: later(DAY) });
    const revoked = await revokeInvite(database.db, invite.code, now);
    expect(revoked?.revokedAt).toEqual(now);
    expect(await redeemInvite(database.db, invite.code, now)).toEqual({ ok: false, error: 'invite-revoked' });
    expect(await checkInvite(database.db, invite.code, later(2 * DAY))).toEqual({ ok: false, error: 'invite-revoked' });
  });

  it('revoking an unknown or already revoked invite changes nothing', async () => {
    const invite = await newInvite();
    await revokeInvite(database.db, invite.code, now);
    expect(await revokeInvite(database.db, invite.code, later(DAY))).toBeUndefined();
    expect(await revokeInvite(database.db, 'ZZZZ9999', now)).toBeUndefined();
    const [listed] = await listInvites(database.db, invite.programmeId);
    expect(listed?.revokedAt).toEqual(now);
  });

  it('redeeming counts a use, and an invite whose uses are spent is refused as used up', async () => {
    const invite = await newInvite({ maxUses: 2 });
    const first = await redeemInvite(database.db, invite.code, now);
    const second = await redeemInvite(database.db, invite.code, now);
    expect(first.ok && first.invite.uses).toBe(1);
    expect(second.ok && second.invite.uses).toBe(2);
    expect(second).toMatchObject({ ok: true, programme: { id: invite.programmeId } });
    expect(await redeemInvite(database.db, invite.code, now)).toEqual({ ok: false, error: 'invite-used-up' });
    expect(await checkInvite(database.db, invite.code, now)).toEqual({ ok: false, error: 'invite-used-up' });
  });

  it('an invite without a use limit can be redeemed again and again', async () => {
    const invite = await newInvite();
    for (let i = 0; i < 5; i++) expect((await redeemInvite(database.db, invite.code, now)).ok).toBe(true);
    const [listed] = await listInvites(database.db, invite.programmeId);
    expect(listed?.uses).toBe(5);
  });

  it('of several people redeeming a single-use invite at the same moment, exactly one gets in', async () => {
    const invite = await newInvite({ maxUses: 1 });
    const results = await Promise.all(Array.from({ length: 10 }, () => redeemInvite(database.db, invite.code, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(Array(9).fill('invite-used-up'));
    const [listed] = await listInvites(database.db, invite.programmeId);
    expect(listed?.uses).toBe(1);
  });

  it('concurrent redeems never take more uses than the limit allows', async () => {
    const invite = await newInvite({ maxUses: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, () => redeemInvite(database.db, invite.code, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const [listed] = await listInvites(database.db, invite.programmeId);
    expect(listed?.uses).toBe(3);
  });
});

describe('invite links', () => {
  it('gives a Telegram and a VK link when both are configured', () => {
    expect(inviteLinks('ABCD2345', { telegramBotUsername: 'nastavnik_bot', vkCommunity: 'nastavnik' })).toEqual({
      telegram: 'https://t.me/nastavnik_bot?start=ABCD2345',
      vk: 'https://vk.me/nastavnik?ref=ABCD2345',
    });
  });

  it('gives only the links of the configured messengers', () => {
    expect(inviteLinks('ABCD2345', { telegramBotUsername: undefined, vkCommunity: 'club42' })).toEqual({
      vk: 'https://vk.me/club42?ref=ABCD2345',
    });
    expect(inviteLinks('ABCD2345', {})).toEqual({});
  });

  it('a generated link reads back as its code', () => {
    const links = inviteLinks('ABCD2345', { telegramBotUsername: 'nastavnik_bot', vkCommunity: 'nastavnik' });
    expect([links.telegram, links.vk].map((l) => normaliseInviteCode(l ?? ''))).toEqual(['ABCD2345', 'ABCD2345']);
  });
});
