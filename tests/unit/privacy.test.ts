import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AdminScope } from '../../src/lib/server/admin/scope';
import type { Viewer } from '../../src/lib/server/auth/scope';
import { confirmHolder, publicCertificate } from '../../src/lib/server/certificates/verify';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { auditLog, certificates, consentRecords, deletionRequests, oneTimeCodes, people, practiceAnswers, roleGrants, sessions, totpCredentials } from '../../src/lib/server/db/schema';
import { anonymisePerson, auditLogExport, decideDeletion, deletionRequestsFor, myData, myDataFacts, ownDeletionRequest, requestDeletion } from '../../src/lib/server/people/privacy';
import { criterionReport } from '../../src/lib/server/reports/report';
import { foldForSearch } from '../../src/lib/search-name';
import { testDatabase } from '../helpers/db';
import { makeCommune, makePerson, makeProvince } from '../helpers/fixtures';
import { complete, live, makeCatalog, makeCourse, makeCriterion, reportQuery, studyLesson } from '../helpers/reports';

const NOW = new Date('2026-03-02T03:00:00Z');
const DELETED = 'Người dùng đã xóa';

let db: AppDatabase;
let provinceId: number;
let otherProvinceId: number;
let communeId: number;
let person: typeof people.$inferSelect;

function scope(overrides: Partial<AdminScope> = {}): AdminScope {
	const admin = makePerson(db, overrides.provinceId ?? provinceId, { fullName: 'Quản Trị Tỉnh' });
	return { personId: admin.id, provinceId, allProvinces: false, requestId: null, ...overrides };
}

function auditActions(): string[] {
	return db.select({ action: auditLog.action }).from(auditLog).all().map((row) => row.action);
}

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	otherProvinceId = makeProvince(db, '01', 'Thành phố Hà Nội').id;
	communeId = makeCommune(db, provinceId, { name: 'Xã Hy Cương' }).id;
	person = makePerson(db, provinceId, {
		fullName: 'Trần Thị Bình',
		username: 'tranthibinh',
		phone: '+84912345678',
		email: 'binh@example.vn',
		birthYear: 1968,
		communeId,
		hamlet: 'Thôn Đoàn Kết',
		passwordHash: 'argon2id-hash'
	});
	live(db, person.id, communeId, '2025-06-01T00:00:00Z');
});

describe('what a person sees of their own data', () => {
	it('lists the account, the commune, consents, roles, learning and devices', () => {
		db.insert(consentRecords).values({ personId: person.id, purpose: 'learning', textVersion: '2026-01', givenAt: NOW }).run();
		db.insert(roleGrants).values({ personId: person.id, role: 'learner', provinceId, communeId, grantedAt: NOW }).run();
		studyLesson(db, person.id, 'khoa-dan', 'bai-1', NOW, NOW);
		studyLesson(db, person.id, 'khoa-dan', 'bai-2', NOW);
		db.insert(practiceAnswers).values({ personId: person.id, courseId: 'khoa-dan', practiceId: 'p', itemId: 'i', answer: 'scam', firstAnsweredAt: NOW, answeredAt: NOW }).run();
		complete(db, person, 'khoa-dan', NOW, { communeId });
		db.insert(sessions).values({ id: 'phien-1', personId: person.id, createdAt: NOW, expiresAt: NOW, lastSeenAt: NOW }).run();

		const data = myData(db, person.id)!;

		expect(data.account).toMatchObject({ fullName: 'Trần Thị Bình', phone: '+84912345678', birthYear: 1968, commune: 'Xã Hy Cương', hamlet: 'Thôn Đoàn Kết' });
		expect(data.memberships).toEqual([expect.objectContaining({ kind: 'residence', unit: 'Xã Hy Cương', endedAt: null })]);
		expect(data.consents).toEqual([expect.objectContaining({ purpose: 'learning', withdrawnAt: null })]);
		expect(data.roles).toEqual([expect.objectContaining({ role: 'learner', unit: 'Xã Hy Cương' })]);
		expect(data.learning.lessons).toHaveLength(2);
		expect(data.learning.practiceAnswers).toBe(1);
		expect(data.learning.completions).toHaveLength(1);
		expect(data.learning.certificates).toHaveLength(1);
		expect(data.sessions).toBe(1);
	});

	it('turns the data into one row per fact, with dates in ISO 8601', () => {
		const facts = [...myDataFacts(myData(db, person.id)!)];

		expect(facts).toContainEqual(['account', 'fullName', 'Trần Thị Bình']);
		expect(facts).toContainEqual(['account', 'email', 'binh@example.vn']);
		expect(facts).toContainEqual(['memberships', '1.startedAt', '2025-06-01T00:00:00.000Z']);
		expect(facts).toContainEqual(['sessions', 'sessions', '0']);
		expect(facts.every((fact) => fact.length === 3)).toBe(true);
	});
});

describe('asking for deletion', () => {
	it('files one waiting request for the province, audited', () => {
		expect(requestDeletion(db, person.id, 'Tôi không học nữa', null, NOW)).toBe('sent');

		expect(ownDeletionRequest(db, person.id)).toMatchObject({ status: 'pending', requestedAt: NOW });
		expect(db.select().from(deletionRequests).get()).toMatchObject({ provinceId, reason: 'Tôi không học nữa' });
		expect(auditActions()).toContain('privacy.deletion_request');
	});

	it('refuses a second request while one waits', () => {
		requestDeletion(db, person.id, null, null, NOW);

		expect(requestDeletion(db, person.id, null, null, NOW)).toBe('already-pending');
		expect(db.select().from(deletionRequests).all()).toHaveLength(1);
	});

	it('accepts a new request once the last was refused', () => {
		requestDeletion(db, person.id, null, null, NOW);
		const request = db.select().from(deletionRequests).get()!;
		decideDeletion(db, scope(), request.id, { kind: 'refuse', note: 'Chưa xác minh được' }, NOW);

		expect(requestDeletion(db, person.id, null, null, NOW)).toBe('sent');
	});
});

describe('deciding a request', () => {
	let requestId: number;
	beforeEach(() => {
		requestDeletion(db, person.id, null, null, NOW);
		requestId = db.select().from(deletionRequests).get()!.id;
	});

	it('shows the request to its province admins and not to another province', () => {
		expect(deletionRequestsFor(db, scope()).pending.map((row) => row.personId)).toEqual([person.id]);
		expect(deletionRequestsFor(db, scope({ provinceId: otherProvinceId })).pending).toEqual([]);
		expect(deletionRequestsFor(db, scope({ provinceId: otherProvinceId, allProvinces: true })).pending).toHaveLength(1);
	});

	it("treats another province's request as not there, changing nothing", () => {
		expect(decideDeletion(db, scope({ provinceId: otherProvinceId }), requestId, { kind: 'carry-out' }, NOW)).toBe('not-found');
		expect(db.select().from(people).where(eq(people.id, person.id)).get()!.anonymisedAt).toBeNull();
	});

	it('removes what identifies the person and ends their access', () => {
		db.insert(sessions).values({ id: 'phien-1', personId: person.id, createdAt: NOW, expiresAt: NOW, lastSeenAt: NOW }).run();
		db.insert(oneTimeCodes).values({ personId: person.id, purpose: 'password_recovery', codeHash: 'h', createdAt: NOW }).run();
		db.insert(totpCredentials).values({ personId: person.id, secret: 's', createdAt: NOW }).run();
		db.insert(consentRecords).values({ personId: person.id, purpose: 'learning', textVersion: '2026-01', givenAt: NOW }).run();

		expect(decideDeletion(db, scope(), requestId, { kind: 'carry-out' }, NOW)).toBe('done');

		const after = db.select().from(people).where(eq(people.id, person.id)).get()!;
		expect(after).toMatchObject({ fullName: DELETED, searchName: foldForSearch(DELETED), username: `xoa-${person.id}`, phone: null, email: null, hamlet: null, position: null, passwordHash: null, anonymisedAt: NOW });
		expect(db.select().from(sessions).all()).toEqual([]);
		expect(db.select().from(oneTimeCodes).all()).toEqual([]);
		expect(db.select().from(totpCredentials).all()).toEqual([]);
		expect(db.select().from(consentRecords).get()!.withdrawnAt).toEqual(NOW);
		expect(ownDeletionRequest(db, person.id)!.status).toBe('done');
		expect(auditActions()).toContain('privacy.deletion_done');
	});

	it('records a refusal with its reason and changes nothing about the person', () => {
		expect(decideDeletion(db, scope(), requestId, { kind: 'refuse', note: 'Chưa xác minh được' }, NOW)).toBe('refused');

		expect(ownDeletionRequest(db, person.id)).toMatchObject({ status: 'refused', decisionNote: 'Chưa xác minh được' });
		expect(db.select().from(people).where(eq(people.id, person.id)).get()!.fullName).toBe('Trần Thị Bình');
		expect(auditActions()).toContain('privacy.deletion_refused');
	});

	it('decides a request only once', () => {
		decideDeletion(db, scope(), requestId, { kind: 'refuse', note: 'Không' }, NOW);

		expect(decideDeletion(db, scope(), requestId, { kind: 'carry-out' }, NOW)).toBe('already-decided');
		expect(db.select().from(people).where(eq(people.id, person.id)).get()!.anonymisedAt).toBeNull();
	});
});

describe('certificates of a removed holder', () => {
	it('says the holder was removed and confirms nothing', () => {
		complete(db, person, 'khoa-dan', NOW, { communeId });
		const { code } = db.select({ code: certificates.code }).from(certificates).get()!;
		expect(confirmHolder(db, code, '1968')).toBe('Người học');

		db.transaction((tx) => anonymisePerson(tx, person.id, NOW));

		const shown = publicCertificate(db, code)!;
		expect(shown.holderRemoved).toBe(true);
		expect(shown.maskedName).toBe('');
		expect(confirmHolder(db, code, '1968')).toBeNull();
		expect(db.select({ holderName: certificates.holderName }).from(certificates).get()!.holderName).toBe(DELETED);
	});
});

describe('reports after anonymisation', () => {
	it('count the same people, completions and certificates as before', () => {
		const criterion = makeCriterion({
			id: 'nguoi-dan-2026',
			basis: [{ group: 'residents', text: { vi: 'Kế hoạch thử', en: 'Test plan' } }],
			appliesTo: { people: 'residents', communes: 'all', ageFrom: 15 },
			deadline: '2026-12-31',
			met: { rule: 'any', count: 1, courses: ['khoa-dan'] },
			target: { percent: 50, denominator: 'counted' }
		});
		const catalog = makeCatalog([makeCourse('khoa-dan', 2, false)], [criterion]);
		const neighbour = makePerson(db, provinceId, { fullName: 'Lê Văn Cường', communeId, birthYear: 1990 });
		live(db, neighbour.id, communeId, '2025-06-01T00:00:00Z');
		complete(db, person, 'khoa-dan', '2026-02-10T03:00:00Z', { communeId });
		studyLesson(db, neighbour.id, 'khoa-dan', 'bai-1', '2026-02-11T03:00:00Z');
		const viewer: Viewer = { personId: scope().personId, grants: [{ role: 'province_admin', provinceId, communeId: null, agencyId: null }] };
		const counts = () => {
			const outcome = criterionReport(db, catalog, viewer, provinceId, reportQuery(criterion.id), NOW);
			if (outcome.status !== 'ok') throw new Error(outcome.status);
			return { headline: outcome.report.headline, units: outcome.report.units.map(({ unit, inScope, met, inProgress, notStarted, overdue }) => ({ unit, inScope, met, inProgress, notStarted, overdue })), people: outcome.report.people.total };
		};
		const before = counts();
		expect(before.headline.met).toBe(1);

		requestDeletion(db, person.id, null, null, NOW);
		decideDeletion(db, scope(), db.select().from(deletionRequests).get()!.id, { kind: 'carry-out' }, NOW);

		expect(counts()).toEqual(before);
	});
});

describe('the audit log download', () => {
	it('holds the filtered rows of the admin province only, and is itself audited', () => {
		const admin = scope();
		requestDeletion(db, person.id, null, null, NOW);
		const stranger = makePerson(db, otherProvinceId, { fullName: 'Người Tỉnh Khác' });
		requestDeletion(db, stranger.id, null, null, NOW);
		const viewer = { personId: admin.personId, grants: [{ role: 'province_admin' as const, provinceId, communeId: null, agencyId: null }], requestId: null };

		const { meta, sheet } = auditLogExport(db, viewer, { action: 'privacy.deletion_request' }, 'vi', NOW);
		const rows = [...sheet.rows];

		expect(rows).toHaveLength(1);
		expect(rows[0]).toContain('Trần Thị Bình');
		expect(meta.lines[0]).toContain('action=privacy.deletion_request');
		expect(auditActions()).toContain('audit.export');
	});
});
