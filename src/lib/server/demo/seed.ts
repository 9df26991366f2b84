import { eq, inArray } from 'drizzle-orm';
import { foldForSearch } from '../../search-name';
import { DAY_MS, endOfVietnamDay, vietnamDayStart } from '../../vietnam-day';
import { recordAudit } from '../audit';
import { grantsWithUnitNames } from '../auth/accounts';
import { hashPassword } from '../auth/password';
import type { AppDatabase, DbOrTx } from '../db/client';
import {
	type Role,
	type StaffGroup,
	agencies,
	assignmentCourses,
	assignments,
	communes,
	memberships,
	people,
	provinceSettings,
	provinces,
	roleGrants
} from '../db/schema';
import { FAMILY_NAMES, GIVEN_NAMES, HAMLETS, MIDDLE_NAMES } from './names';
import { mulberry32 } from './random';

/** The one password of every demo account. Demo mode only: printed at every start and in the README. */
export const DEMO_PASSWORD = 'hocvuso-demo-2026';

interface DemoAgency {
	code: string;
	name: string;
	/** GSO code of the commune for a commune-level agency. */
	communeCode?: string;
	parentCode?: string;
}

const DEMO_AGENCIES: DemoAgency[] = [
	{ code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' },
	{ code: 'SKHCN-VP', name: 'Văn phòng Sở Khoa học và Công nghệ', parentCode: 'SKHCN' },
	{ code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo' },
	{ code: 'THPT-CHV', name: 'Trường THPT Chuyên Hùng Vương', parentCode: 'SGDDT' },
	{ code: 'UBND-07900', name: 'Ủy ban nhân dân phường Việt Trì', communeCode: '07900' },
	{ code: 'UBND-08515', name: 'Ủy ban nhân dân xã Hy Cương', communeCode: '08515' }
];

interface DemoAccount {
	username: string;
	fullName: string;
	role: Role;
	/** What the role is granted for: a commune (GSO code), an agency (code) or the whole province. */
	scope: { commune: string } | { agency: string } | 'province';
	residence?: { commune: string; hamlet: string };
	work?: { agency: string; position: string; staffGroup: StaffGroup };
	birthYear: number;
}

/** One account per role, in named units; Hy Cương is "commune A" and Việt Trì "commune B" in tests. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
	{
		username: 'hocvien',
		fullName: 'Nguyễn Thị Lan',
		role: 'learner',
		scope: { commune: '08515' },
		residence: { commune: '08515', hamlet: 'Thôn 3' },
		birthYear: 1972
	},
	{
		username: 'congchuc',
		fullName: 'Trần Văn Minh',
		role: 'civil_servant',
		scope: { agency: 'SKHCN-VP' },
		residence: { commune: '07900', hamlet: 'Tổ dân phố 4' },
		work: { agency: 'SKHCN-VP', position: 'Chuyên viên', staffGroup: 'cong_chuc' },
		birthYear: 1988
	},
	{
		username: 'giaovien',
		fullName: 'Lê Thị Hương',
		role: 'civil_servant',
		scope: { agency: 'THPT-CHV' },
		residence: { commune: '07909', hamlet: 'Tổ dân phố 2' },
		work: { agency: 'THPT-CHV', position: 'Giáo viên', staffGroup: 'vien_chuc' },
		birthYear: 1985
	},
	{
		username: 'hotro.hycuong',
		fullName: 'Phạm Quang Huy',
		role: 'facilitator',
		scope: { commune: '08515' },
		work: { agency: 'UBND-08515', position: 'Công chức Văn hóa - Xã hội', staffGroup: 'cong_chuc' },
		birthYear: 1990
	},
	{
		username: 'quanly.hycuong',
		fullName: 'Hoàng Văn Thành',
		role: 'unit_manager',
		scope: { commune: '08515' },
		work: { agency: 'UBND-08515', position: 'Phó Chủ tịch UBND xã', staffGroup: 'can_bo' },
		birthYear: 1978
	},
	{
		username: 'quanly.viettri',
		fullName: 'Đỗ Thị Thu',
		role: 'unit_manager',
		scope: { commune: '07900' },
		work: { agency: 'UBND-07900', position: 'Phó Chủ tịch UBND phường', staffGroup: 'can_bo' },
		birthYear: 1980
	},
	{
		username: 'quanly.skhcn',
		fullName: 'Vũ Đức Anh',
		role: 'unit_manager',
		scope: { agency: 'SKHCN' },
		work: { agency: 'SKHCN', position: 'Chánh Văn phòng', staffGroup: 'cong_chuc' },
		birthYear: 1976
	},
	{
		username: 'quanly.tinh',
		fullName: 'Bùi Thị Ngọc',
		role: 'unit_manager',
		scope: 'province',
		work: { agency: 'SKHCN', position: 'Trưởng phòng', staffGroup: 'cong_chuc' },
		birthYear: 1975
	},
	{
		username: 'quantri.tinh',
		fullName: 'Đặng Minh Khoa',
		role: 'province_admin',
		scope: 'province',
		work: { agency: 'SKHCN', position: 'Chuyên viên chuyển đổi số', staffGroup: 'cong_chuc' },
		birthYear: 1987
	},
	{
		username: 'quantri.hethong',
		fullName: 'Ngô Thanh Tùng',
		role: 'system_admin',
		scope: 'province',
		birthYear: 1984
	}
];

/** Demo people have lived and worked where they are since the two-level government began. */
const MEMBERSHIPS_SINCE = vietnamDayStart('2025-07-01');

export const GENERATED_RESIDENTS = 320;
export const GENERATED_CIVIL_SERVANTS = 48;

export function isDemoSeeded(db: AppDatabase): boolean {
	const first = DEMO_ACCOUNTS[0];
	if (!first) return false;
	return db.select({ id: people.id }).from(people).where(eq(people.username, first.username)).get() !== undefined;
}

/**
 * Fills a new database with the demo province: its settings, a few agencies, one account per role
 * and a few hundred generated learners spread unevenly over communes. Needs the official map
 * imported first. Deterministic: the same names land in the same communes on every machine.
 */
export async function seedDemo(db: AppDatabase, provinceCode: string): Promise<void> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	db.transaction((tx) => {
		const province = tx.select().from(provinces).where(eq(provinces.code, provinceCode)).get();
		if (!province) throw new Error(`province ${provinceCode} is not in the database; import the official units first`);
		const now = new Date();

		tx.insert(provinceSettings).values({ provinceId: province.id, displayName: province.name }).onConflictDoNothing().run();

		const communeRows = tx
			.select({ id: communes.id, code: communes.code })
			.from(communes)
			.where(eq(communes.provinceId, province.id))
			.orderBy(communes.code)
			.all();
		const communeIdByCode = new Map(communeRows.map((c) => [c.code, c.id]));
		const communeId = (code: string) => required(communeIdByCode.get(code), `commune ${code}`);

		const agencyIdByCode = new Map<string, number>();
		for (const agency of DEMO_AGENCIES) {
			const row = tx
				.insert(agencies)
				.values({
					provinceId: province.id,
					code: agency.code,
					name: agency.name,
					level: agency.communeCode ? 'commune' : 'province',
					communeId: agency.communeCode ? communeId(agency.communeCode) : null,
					parentAgencyId: agency.parentCode ? required(agencyIdByCode.get(agency.parentCode), agency.parentCode) : null
				})
				.returning({ id: agencies.id })
				.get();
			agencyIdByCode.set(agency.code, row.id);
		}
		const agencyId = (code: string) => required(agencyIdByCode.get(code), `agency ${code}`);

		const addPerson = (person: NewDemoPerson) => {
			const { id } = tx
				.insert(people)
				.values({
					provinceId: province.id,
					username: person.username,
					fullName: person.fullName,
					searchName: foldForSearch(person.fullName),
					birthYear: person.birthYear,
					communeId: person.residence ? communeId(person.residence.commune) : null,
					hamlet: person.residence?.hamlet ?? null,
					agencyId: person.work ? agencyId(person.work.agency) : null,
					position: person.work?.position ?? null,
					staffGroup: person.work?.staffGroup ?? null,
					passwordHash: person.passwordHash
				})
				.returning({ id: people.id })
				.get();
			addMemberships(tx, id, person, { communeId, agencyId, since: MEMBERSHIPS_SINCE });
			return id;
		};

		for (const account of DEMO_ACCOUNTS) {
			const personId = addPerson({ ...account, passwordHash });
			tx.insert(roleGrants)
				.values({
					personId,
					role: account.role,
					provinceId: province.id,
					communeId: typeof account.scope === 'object' && 'commune' in account.scope ? communeId(account.scope.commune) : null,
					agencyId: typeof account.scope === 'object' && 'agency' in account.scope ? agencyId(account.scope.agency) : null,
					grantedAt: now
				})
				.run();
		}

		const generated = generateLearners(communeRows.map((c) => c.code));
		for (const person of generated) {
			const personId = addPerson({ ...person, passwordHash: null });
			tx.insert(roleGrants)
				.values({
					personId,
					role: person.work ? 'civil_servant' : 'learner',
					provinceId: province.id,
					communeId: person.work ? null : communeId(required(person.residence, 'residence').commune),
					agencyId: person.work ? agencyId(person.work.agency) : null,
					grantedAt: now
				})
				.run();
		}

		// Two campaigns, so "My learning" shows assigned courses with deadlines from the first visit.
		const campaigns = [
			{ title: 'Bồi dưỡng kỹ năng số cho cán bộ, công chức (demo)', audience: 'civil_servants' as const, communeId: null, courses: ['ky-nang-so-can-bo-cong-chuc', 'an-toan-thong-tin-phong-chong-lua-dao'], days: 40 },
			{ title: 'Bình dân học vụ số – xã Hy Cương (demo)', audience: 'residents' as const, communeId: communeId('08515'), courses: ['dich-vu-cong-truc-tuyen'], days: 75 }
		];
		for (const campaign of campaigns) {
			const { id } = tx
				.insert(assignments)
				.values({ provinceId: province.id, title: campaign.title, communeId: campaign.communeId, audience: campaign.audience, startsAt: now, deadlineAt: endOfVietnamDay(now.getTime() + campaign.days * DAY_MS) })
				.returning({ id: assignments.id })
				.get();
			for (const courseId of campaign.courses) tx.insert(assignmentCourses).values({ assignmentId: id, courseId }).run();
		}

		recordAudit(tx, {
			actorId: null,
			action: 'demo.seed',
			unit: { provinceId: province.id },
			details: { accounts: DEMO_ACCOUNTS.length, generatedPeople: generated.length }
		});
	});
}

/** Each demo account with the unit its role is granted for, for the start banner. */
export function demoAccountsWithUnits(db: AppDatabase): { username: string; role: Role; unit: string }[] {
	const usernames = DEMO_ACCOUNTS.map((a) => a.username);
	const ids = db.select({ id: people.id, username: people.username }).from(people).where(inArray(people.username, usernames)).all();
	const usernameById = new Map(ids.map((p) => [p.id, p.username]));
	return grantsWithUnitNames(db, [...usernameById.keys()])
		.map((g) => ({ username: usernameById.get(g.personId) ?? '', role: g.role, unit: g.unit }))
		.sort((a, b) => usernames.indexOf(a.username) - usernames.indexOf(b.username));
}

type NewDemoPerson = Pick<DemoAccount, 'username' | 'fullName' | 'birthYear' | 'residence' | 'work'> & {
	passwordHash: string | null;
};

function addMemberships(
	tx: DbOrTx,
	personId: number,
	person: NewDemoPerson,
	units: { communeId: (code: string) => number; agencyId: (code: string) => number; since: Date }
): void {
	if (person.residence) {
		tx.insert(memberships)
			.values({ personId, kind: 'residence', communeId: units.communeId(person.residence.commune), startedAt: units.since })
			.run();
	}
	if (person.work) {
		tx.insert(memberships)
			.values({
				personId,
				kind: 'agency',
				agencyId: units.agencyId(person.work.agency),
				staffGroup: person.work.staffGroup,
				position: person.work.position,
				startedAt: units.since
			})
			.run();
	}
}

/**
 * Residents over a few dozen communes with Zipf-like sizes (the first commune is the largest, so
 * Hy Cương and Việt Trì, where the demo staff work, have people to show), plus civil servants of
 * the demo agencies.
 */
function generateLearners(communeCodes: string[]): Omit<NewDemoPerson, 'passwordHash'>[] {
	const random = mulberry32(20250701);
	const pick = <T>(items: readonly T[]): T => required(items[Math.floor(random() * items.length)], 'item');
	const featured = ['08515', '07900'];
	const others = communeCodes.filter((code) => !featured.includes(code));
	shuffle(others, random);
	const chosen = [...featured, ...others.slice(0, 34)];
	const weights = chosen.map((_, rank) => 1 / (rank + 1) ** 1.1);
	const total = weights.reduce((sum, w) => sum + w, 0);
	const pickCommune = () => {
		let r = random() * total;
		for (let i = 0; i < chosen.length; i++) {
			r -= required(weights[i], 'weight');
			if (r <= 0) return required(chosen[i], 'commune');
		}
		return required(chosen.at(-1), 'commune');
	};
	const name = () => {
		const sex = random() < 0.5 ? 'female' : 'male';
		return `${pick(FAMILY_NAMES)} ${pick(MIDDLE_NAMES[sex])} ${pick(GIVEN_NAMES[sex])}`;
	};
	const staffAgencies = DEMO_AGENCIES.map((a) => a.code);
	const learners: Omit<NewDemoPerson, 'passwordHash'>[] = [];
	for (let i = 1; i <= GENERATED_RESIDENTS; i++) {
		learners.push({
			username: `hv${String(i).padStart(4, '0')}`,
			fullName: name(),
			birthYear: 1950 + Math.floor(random() * 58),
			residence: { commune: pickCommune(), hamlet: pick(HAMLETS) }
		});
	}
	for (let i = 1; i <= GENERATED_CIVIL_SERVANTS; i++) {
		const agency = pick(staffAgencies);
		learners.push({
			username: `cc${String(i).padStart(4, '0')}`,
			fullName: name(),
			birthYear: 1968 + Math.floor(random() * 33),
			residence: { commune: pickCommune(), hamlet: pick(HAMLETS) },
			work: {
				agency,
				position: agency === 'THPT-CHV' ? 'Giáo viên' : 'Chuyên viên',
				staffGroup: agency === 'THPT-CHV' ? 'vien_chuc' : 'cong_chuc'
			}
		});
	}
	return learners;
}


function required<T>(value: T | undefined | null, what: string): T {
	if (value === undefined || value === null) throw new Error(`demo seed: missing ${what}`);
	return value;
}

function shuffle<T>(items: T[], random: () => number): void {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[items[i], items[j]] = [items[j] as T, items[i] as T];
	}
}
