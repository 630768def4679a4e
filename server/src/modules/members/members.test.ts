import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { MemberDetail, MemberList } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { CiphertextError } from '../../platform/crypto/provider.ts';
import { members } from './schema.ts';
import { getMember } from './service.ts';
import { buildFixture, fakeIdCard, type Fixture } from './test-fixture.ts';

describe.each(ENGINES)('member records and personal data on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  let sys: string;
  const ids: Record<string, string> = {};
  const liuId = fakeIdCard('1986-04-12', '123');

  const post = (url: string, cookie: string, payload: object) =>
    h().app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { cookie }, payload });
  const patch = (url: string, cookie: string, payload: object) =>
    h().app.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: { cookie }, payload });
  const get = (url: string, cookie: string) =>
    h().app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
  const reveal = (id: string, cookie: string, field: 'idCard' | 'phone') =>
    post(`/members/${id}/reveal`, cookie, { field });

  it('creates a member with an encrypted ID card number and phone, shown masked', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    sys = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const res = await post('/members', sys, {
      name: '刘洋',
      gender: 'male',
      status: 'full',
      branchId: f.orgs.a,
      groupId: f.orgs.groupA,
      joinedOn: '2010-07-01',
      fullMemberOn: '2011-07-01',
      idCard: liuId,
      phone: '13812345678',
      education: '大学本科',
      unit: '管委会',
      job: '科员',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<MemberDetail>();
    ids.liu = body.member.id;
    expect(body.member).toMatchObject({
      birthDate: '1986-04-12',
      idCardMasked: `990***********${liuId.slice(-4)}`,
      phoneMasked: '138****5678',
      groupName: '第一党小组',
    });
    // The system administrator enters personal data but may not read it back.
    expect(body.may).toEqual({ reveal: false, edit: true, transfer: false });
    const [raw] = await ctx.database.db.select().from(members).where(eq(members.id, ids.liu));
    expect(raw?.idCardCipher).toMatch(/^tx1\.sm4\.t1\./);
    expect(JSON.stringify(raw)).not.toContain(liuId.slice(6, 14));
    expect(JSON.stringify(raw)).not.toContain('12345678');
  });

  it('checks ID card numbers (checksum, birth date, gender) and refuses duplicates', async () => {
    const base = { name: '赵敏', gender: 'female', status: 'full', branchId: f.orgs.a };
    const badSum = liuId.slice(0, 17) + (liuId[17] === '0' ? '1' : '0');
    const checksum = await post('/members', sys, { ...base, idCard: badSum });
    expect(checksum.statusCode).toBe(422);
    expect(checksum.json().error).toMatchObject({
      code: 'invalid_id_card',
      details: { field: 'idCard', problem: 'checksum' },
    });
    const female = fakeIdCard('1990-01-02', '124');
    const wrongBirth = await post('/members', sys, {
      ...base,
      idCard: female,
      birthDate: '1990-01-03',
    });
    expect(wrongBirth.json().error.details.problem).toBe('birth_date_mismatch');
    const wrongGender = await post('/members', sys, {
      ...base,
      idCard: fakeIdCard('1990-01-02', '123'),
    });
    expect(wrongGender.json().error.details.problem).toBe('gender_mismatch');
    const shape = await post('/members', sys, { ...base, idCard: '12345' });
    expect(shape.statusCode).toBe(400);
    const phone = await post('/members', sys, { ...base, phone: '12345' });
    expect(phone.statusCode).toBe(400);
    const dup = await post('/members', sys, {
      ...base,
      gender: 'male',
      idCard: liuId.toLowerCase(),
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details).toEqual({ field: 'idCard' });
    const ok = await post('/members', sys, { ...base, idCard: female, phone: '010-62345678' });
    expect(ok.statusCode).toBe(201);
    ids.zhao = ok.json<MemberDetail>().member.id;
  });

  it('masks in lists and finds a member by a whole ID card number or phone', async () => {
    const cookie = await f.cookie('pub.a');
    const list = await get(`/orgs/${f.orgs.a}/members?q=${liuId}`, cookie);
    expect(list.statusCode).toBe(200);
    const body = list.json<MemberList>();
    expect(body.items.map((m) => m.name)).toEqual(['刘洋']);
    expect(list.body).not.toContain(liuId);
    const byPhone = await get(`/orgs/${f.orgs.a}/members?q=13812345678`, cookie);
    expect(byPhone.json<MemberList>().items.map((m) => m.id)).toEqual([ids.liu]);
    expect(byPhone.body).not.toContain('13812345678');
  });

  it('reveals to the branch secretary and officers above, audited; never sideways or to administrators', async () => {
    const { ctx } = h();
    const secA = await f.cookie('sec.a');
    const res = await reveal(ids.liu!, secA, 'phone');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ field: 'phone', value: '13812345678' });
    expect((await reveal(ids.liu!, secA, 'idCard')).json().value).toBe(liuId);
    const above = await reveal(ids.liu!, await f.cookie('sec.general'), 'idCard');
    expect(above.json().value).toBe(liuId);

    expect((await reveal(ids.liu!, await f.cookie('pub.a'), 'phone')).statusCode).toBe(403);
    expect((await reveal(ids.liu!, await f.cookie('member.a'), 'phone')).statusCode).toBe(403);
    expect((await reveal(ids.liu!, await f.cookie('sec.b'), 'phone')).statusCode).toBe(404);
    expect((await reveal(ids.liu!, sys, 'phone')).statusCode).toBe(403);
    const auditor = await signIn(h().app, 'auditor', ADMIN_PASSWORDS.audit);
    expect((await reveal(ids.liu!, auditor, 'phone')).statusCode).toBe(404);
    const secadmin = await signIn(h().app, 'secadmin', ADMIN_PASSWORDS.security);
    expect((await reveal(ids.liu!, secadmin, 'phone')).statusCode).toBe(404);

    const audited = await queryRows<{ actor_name: string; details: { field: string } }>(
      ctx.database.db,
      sql`select actor_name, details from audit_log where action = 'member.reveal' and object_id = ${ids.liu} order by seq`,
    );
    expect(audited.map((a) => [a.actor_name, a.details.field])).toEqual([
      ['sec.a', 'phone'],
      ['sec.a', 'idCard'],
      ['sec.general', 'idCard'],
    ]);
    expect(JSON.stringify(audited)).not.toContain('13812345678');
  });

  it('lets a member see their own data, and says what each caller may do', async () => {
    const secA = await f.cookie('sec.a');
    const memberA = await f.cookie('member.a');
    const set = await patch(`/members/${f.members.memberA}`, secA, { phone: '13900001111' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json<MemberDetail>().member.phoneMasked).toBe('139****1111');
    const own = await reveal(f.members.memberA, memberA, 'phone');
    expect(own.json().value).toBe('13900001111');
    expect((await reveal(f.members.memberA, memberA, 'idCard')).json().value).toBeNull();
    const mine = await get(`/members/${f.members.memberA}`, memberA);
    expect(mine.json<MemberDetail>().may).toEqual({ reveal: true, edit: false, transfer: false });
    const asSec = await get(`/members/${ids.liu}`, secA);
    expect(asSec.json<MemberDetail>().may).toEqual({ reveal: true, edit: true, transfer: true });
    const asPub = await get(`/members/${ids.liu}`, await f.cookie('pub.a'));
    expect(asPub.json<MemberDetail>().may).toEqual({ reveal: false, edit: false, transfer: false });
  });

  it('edits only for roster officers and keeps the record consistent', async () => {
    const secA = await f.cookie('sec.a');
    expect(
      (await patch(`/members/${ids.liu}`, await f.cookie('pub.a'), { job: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (await patch(`/members/${ids.liu}`, await f.cookie('sec.b'), { job: 'x' })).statusCode,
    ).toBe(404);
    const gender = await patch(`/members/${ids.liu}`, secA, { gender: 'female' });
    expect(gender.json().error.details).toMatchObject({
      field: 'idCard',
      problem: 'gender_mismatch',
    });
    const branch = await patch(`/members/${ids.liu}`, secA, { branchId: f.orgs.b });
    expect(branch.statusCode).toBe(400);
    const group = await patch(`/members/${ids.liu}`, secA, { groupId: f.orgs.b });
    expect(group.json().error.code).toBe('group_outside_branch');
    const ok = await patch(`/members/${ids.liu}`, secA, { job: '副科长', idCard: null });
    expect(ok.json<MemberDetail>().member).toMatchObject({ job: '副科长', idCardMasked: null });
    const addToA = async (username: 'sec.b' | 'pub.a' | 'sec.general') =>
      (
        await post('/members', await f.cookie(username), {
          name: `${username} 录入`,
          gender: 'male',
          status: 'activist',
          branchId: f.orgs.a,
        })
      ).statusCode;
    expect(await addToA('sec.b')).toBe(404);
    expect(await addToA('pub.a')).toBe(403);
    // Officers above the branch keep its roster too.
    expect(await addToA('sec.general')).toBe(201);
  });

  it('refuses a ciphertext copied onto another member’s row', async () => {
    const { ctx } = h();
    await ctx.database.db.execute(
      sql`update members set phone_cipher = (select phone_cipher from members where id = ${ids.zhao}) where id = ${f.members.secB}`,
    );
    await expect(getMember(ctx, f.members.secB)).rejects.toBeInstanceOf(CiphertextError);
    await ctx.database.db.execute(
      sql`update members set phone_cipher = null where id = ${f.members.secB}`,
    );
  });
});
