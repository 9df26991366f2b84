import type { z } from 'zod';
import type { Catalog, CatalogCourse } from '../../src/lib/server/content/catalog';
import { type Criterion, courseSchema, criterionSchema, quizSchema } from '../../src/lib/server/content/schema';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { type StaffGroup, certificates, completions, criterionDenominators, lessonProgress, memberships, quizAttempts } from '../../src/lib/server/db/schema';
import type { ReportQuery } from '../../src/lib/server/reports/report';
import type { CompletionFact } from '../../src/lib/server/reports/status';

type CriterionInput = z.input<typeof criterionSchema>;

/**
 * A criterion checked by the real schema: civil servants of every agency and staff group, the
 * year 2026, a deadline of 30 June 2026, both of two courses, 80 % of the people counted.
 */
export function makeCriterion(overrides: Partial<CriterionInput> = {}): Criterion {
	return criterionSchema.parse({
		id: 'tieu-chi-thu',
		title: { vi: 'Tiêu chí thử', en: 'Test criterion' },
		basis: [{ group: 'cong_chuc', text: { vi: 'Căn cứ thử', en: 'Test basis' } }],
		appliesTo: { people: 'civil_servants', agencies: 'all', staffGroups: ['can_bo', 'cong_chuc', 'vien_chuc'] },
		period: { from: '2026-01-01', to: '2026-12-31' },
		deadline: '2026-06-30',
		met: { rule: 'all', courses: ['khoa-a', 'khoa-b'] },
		target: { percent: 80, denominator: 'counted' },
		...overrides
	});
}

const finalQuiz = quizSchema.parse({
	id: 'kiem-tra-cuoi',
	final: true,
	draw: 1,
	title: { vi: 'Kiểm tra', en: 'Quiz' },
	questions: [
		{
			id: 'cau-1',
			type: 'true_false',
			tags: ['1.1'],
			prompt: { vi: 'Đúng không?', en: 'True?' },
			explanation: { vi: 'Đúng.', en: 'True.' },
			answer: true
		}
	]
});

/** A published course with so many lessons (ids bai-1, bai-2, …) and, if asked, a final quiz. */
export function makeCourse(id: string, lessons: number, withQuiz: boolean): CatalogCourse {
	return {
		...courseSchema.parse({
			id,
			version: 1,
			order: 1,
			status: 'published',
			audience: 'all',
			minutes: 10,
			competencies: ['1.1'],
			lessonsInOrder: false,
			completion: withQuiz ? 'all-lessons-and-quiz' : 'all-lessons',
			title: { vi: `Khóa ${id}`, en: `Course ${id}` },
			summary: { vi: 'Tóm tắt', en: 'Summary' }
		}),
		folder: `01-${id}`,
		lessons: Array.from({ length: lessons }, (_, i) => ({
			id: `bai-${i + 1}`,
			slug: `0${i + 1}-bai`,
			title: { vi: `Bài ${i + 1}`, en: null },
			minutes: 3,
			hasEnglish: false,
			practiceIds: [],
			glossary: { vi: [], en: [] }
		})),
		practice: new Map(),
		finalQuiz: withQuiz ? finalQuiz : null
	};
}

export function makeCatalog(courses: CatalogCourse[], criteria: Criterion[]): Catalog {
	return { courses, byId: new Map(courses.map((course) => [course.id, course])), criteria };
}

/** A completion as the status rules see it, valid unless told otherwise. */
export function fact(courseId: string, completedAt: string | Date, overrides: Partial<CompletionFact> = {}): CompletionFact {
	return { courseId, courseVersion: 1, completedAt: new Date(completedAt), score: null, certificateCode: null, revokedAt: null, ...overrides };
}

/** A report query for the whole province with every filter off. */
export function reportQuery(criterionId: string, overrides: Partial<ReportQuery> = {}): ReportQuery {
	return {
		criterionId,
		unit: { kind: 'province' },
		asOf: null,
		courseId: null,
		staffGroup: null,
		unitType: null,
		unitSort: 'name',
		peopleSort: 'name',
		descending: false,
		state: null,
		page: 1,
		...overrides
	};
}

/** Lives in a commune from an instant, until another if given. */
export function live(db: AppDatabase, personId: number, communeId: number, from: string | Date, to: string | Date | null = null) {
	return db
		.insert(memberships)
		.values({ personId, kind: 'residence', communeId, startedAt: new Date(from), endedAt: to === null ? null : new Date(to) })
		.returning()
		.get();
}

/** Works in an agency in a staff group from an instant, until another if given. */
export function work(db: AppDatabase, personId: number, agencyId: number, staffGroup: StaffGroup, from: string | Date, to: string | Date | null = null) {
	return db
		.insert(memberships)
		.values({ personId, kind: 'agency', agencyId, staffGroup, startedAt: new Date(from), endedAt: to === null ? null : new Date(to) })
		.returning()
		.get();
}

export interface CompleteOptions {
	score?: number | null;
	version?: number;
	/** The unit snapshot; one is required by the table. */
	communeId?: number | null;
	agencyId?: number | null;
	/** Issue a certificate, revoked at this instant if given. */
	certificate?: boolean;
	revokedAt?: string | Date | null;
}

let certificateSequence = 0;

/** A completion row (and its certificate unless told not to), straight into the tables. */
export function complete(db: AppDatabase, person: { id: number; provinceId: number }, courseId: string, at: string | Date, options: CompleteOptions = {}) {
	const completedAt = new Date(at);
	const { communeId = null, agencyId = null } = options;
	const row = db
		.insert(completions)
		.values({
			personId: person.id,
			provinceId: person.provinceId,
			courseId,
			courseVersion: options.version ?? 1,
			completedAt,
			score: options.score ?? null,
			communeIdAtCompletion: communeId,
			agencyIdAtCompletion: agencyId
		})
		.returning()
		.get();
	if (options.certificate !== false) {
		const revokedAt = options.revokedAt ? new Date(options.revokedAt) : null;
		db.insert(certificates)
			.values({
				code: `CT${String(++certificateSequence).padStart(8, '0')}`,
				completionId: row.id,
				personId: person.id,
				provinceId: person.provinceId,
				courseId,
				courseVersion: row.courseVersion,
				courseTitleVi: `Khóa ${courseId}`,
				courseTitleEn: `Course ${courseId}`,
				holderName: 'Người học',
				completedAt,
				score: row.score,
				issuerName: 'Tỉnh thử',
				communeIdAtCompletion: communeId,
				agencyIdAtCompletion: agencyId,
				issuedAt: completedAt,
				revokedAt,
				revokedReason: revokedAt ? 'Cấp nhầm' : null
			})
			.run();
	}
	return row;
}

/** A lesson opened at one instant and, if given, finished at another. */
export function studyLesson(db: AppDatabase, personId: number, courseId: string, lessonId: string, seenAt: string | Date, completedAt: string | Date | null = null) {
	db.insert(lessonProgress)
		.values({ personId, courseId, lessonId, firstSeenAt: new Date(seenAt), completedAt: completedAt === null ? null : new Date(completedAt) })
		.run();
}

let attemptSequence = 0;

/** A final-quiz attempt started (and left open) at an instant. */
export function startQuiz(db: AppDatabase, personId: number, courseId: string, at: string | Date) {
	db.insert(quizAttempts)
		.values({ personId, courseId, courseVersion: 1, quizId: 'kiem-tra-cuoi', publicId: `thu-${++attemptSequence}`, layout: [], startedAt: new Date(at) })
		.run();
}

/** The number a province entered for a unit against a criterion. */
export function enterDenominator(db: AppDatabase, criterionId: string, provinceId: number, unit: { communeId: number } | { agencyId: number }, count: number) {
	db.insert(criterionDenominators)
		.values({ criterionId, provinceId, communeId: 'communeId' in unit ? unit.communeId : null, agencyId: 'agencyId' in unit ? unit.agencyId : null, people: count, updatedAt: new Date('2026-01-05T00:00:00Z') })
		.run();
}
