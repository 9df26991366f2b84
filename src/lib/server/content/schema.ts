import { z } from 'zod';

/**
 * Competency codes of Vietnam's digital competence framework (Circular 02/2025/TT-BGDĐT, six
 * domains, 24 competencies), used as a tagging vocabulary for courses and questions.
 */
export const COMPETENCY_CODES = [
	'1.1', '1.2', '1.3',
	'2.1', '2.2', '2.3', '2.4', '2.5', '2.6',
	'3.1', '3.2', '3.3', '3.4',
	'4.1', '4.2', '4.3', '4.4',
	'5.1', '5.2', '5.3', '5.4',
	'6.1', '6.2', '6.3'
] as const;

const stableId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a stable id: lower-case letters, digits and dashes');
const text = z.string().trim().min(1, 'text');
const localized = z.object({ vi: text, en: text }, 'Vietnamese and English text ({ vi, en })');
const competencies = z.array(z.enum(COMPETENCY_CODES, `a competency code of Circular 02/2025 (${COMPETENCY_CODES.join(', ')})`));

export const courseSchema = z.strictObject({
	id: stableId,
	version: z.int().min(1),
	order: z.int().min(1),
	status: z.enum(['draft', 'published']),
	audience: z.enum(['residents', 'civil_servants', 'all']),
	minutes: z.int().min(1).max(600),
	competencies: competencies.min(1),
	lessonsInOrder: z.boolean(),
	completion: z.enum(['all-lessons-and-quiz', 'quiz-only', 'all-lessons']),
	title: localized,
	summary: localized
});
export type CourseMeta = z.infer<typeof courseSchema>;

export const lessonSchema = z.strictObject({
	// "quiz" names the course's quiz page (/courses/<course>/quiz).
	id: stableId.refine((id) => id !== 'quiz', 'a lesson id other than "quiz"'),
	title: text,
	minutes: z.int().min(1).max(15)
});
export type LessonMeta = z.infer<typeof lessonSchema>;

const option = z.strictObject({ id: z.string().min(1), correct: z.boolean(), text: localized });
/** A picture in the course folder's images/, with what it shows in words. */
const questionImage = z.strictObject({
	file: z.string().regex(/^images\/[a-z0-9-]+\.(png|jpe?g|webp)$/, 'a picture in the course\'s images/ folder ("images/name.png")'),
	alt: localized
});
const questionBase = { id: stableId, tags: competencies, prompt: localized, explanation: localized, image: questionImage.optional() };

export const questionSchema = z.discriminatedUnion('type', [
	z.strictObject({ ...questionBase, type: z.literal('single'), options: z.array(option).min(2) }).refine(
		(q) => q.options.filter((o) => o.correct).length === 1,
		'a single-choice question has exactly one correct option'
	),
	z.strictObject({ ...questionBase, type: z.literal('multiple'), options: z.array(option).min(2) }).refine(
		(q) => q.options.some((o) => o.correct),
		'a multiple-choice question has at least one correct option'
	),
	z.strictObject({ ...questionBase, type: z.literal('true_false'), answer: z.boolean() }),
	z.strictObject({ ...questionBase, type: z.literal('ordering'), items: z.array(localized).min(2) }),
	z.strictObject({ ...questionBase, type: z.literal('matching'), pairs: z.array(z.strictObject({ left: localized, right: localized })).min(2) }),
	z.strictObject({
		...questionBase,
		type: z.literal('short_text'),
		accepted: z.strictObject({ vi: z.array(text).min(1), en: z.array(text).min(1) }),
		ignoreDiacritics: z.boolean()
	})
]);
export type Question = z.infer<typeof questionSchema>;

export const quizSchema = z
	.strictObject({
		id: stableId,
		final: z.boolean(),
		passMark: z.number().min(1).max(100).default(80),
		/** How many questions each attempt draws at random: a number, or so many per competency tag. */
		draw: z.union([z.int().min(1), z.partialRecord(z.enum(COMPETENCY_CODES), z.int().min(1))], 'a number of questions, or { tag: number } per competency tag'),
		maxAttempts: z.int().min(1).nullable().default(null),
		waitMinutes: z.int().min(0).default(0),
		timeLimitMinutes: z.int().min(1).nullable().default(null),
		title: localized,
		questions: z.array(questionSchema).min(1)
	})
	.refine(
		(quiz) =>
			typeof quiz.draw === 'number'
				? quiz.draw <= quiz.questions.length
				: Object.entries(quiz.draw).every(([tag, count]) => (count ?? 0) <= quiz.questions.filter((q) => q.tags.includes(tag as (typeof COMPETENCY_CODES)[number])).length),
		'draw is at most the number of questions in the bank (with that tag)'
	)
	.refine(
		(quiz) => typeof quiz.draw === 'number' || quiz.questions.every((q) => q.tags.filter((tag) => tag in (quiz.draw as object)).length <= 1),
		'with a draw per tag, each question carries at most one of the drawn tags (so each draw is whole)'
	)
	.refine((quiz) => new Set(quiz.questions.map((q) => q.id)).size === quiz.questions.length, 'question ids are unique');
export type Quiz = z.infer<typeof quizSchema>;

export const practiceSchema = z.discriminatedUnion('kind', [
	z.strictObject({
		kind: z.literal('spot-the-scam'),
		title: localized,
		messages: z
			.array(
				z.strictObject({
					id: stableId,
					channel: z.enum(['sms', 'zalo', 'call']),
					from: localized,
					text: localized,
					verdict: z.enum(['scam', 'safe']),
					why: localized
				})
			)
			.min(2)
	}),
	z.strictObject({
		kind: z.literal('check-before-pay'),
		title: localized,
		expected: z.strictObject({ payee: localized, amount: z.int().min(1), purpose: localized }),
		screen: z.strictObject({ payee: localized, amount: z.int().min(1), purpose: localized, bank: localized }),
		problems: z.array(z.enum(['payee', 'amount', 'purpose'])).min(1),
		explanation: localized
	}),
	z.strictObject({
		kind: z.literal('mock-application'),
		title: localized,
		steps: z.array(z.strictObject({ id: stableId, title: localized, text: localized })).min(2)
	})
]);
export type Practice = z.infer<typeof practiceSchema>;

export const sourcesSchema = z.strictObject({
	urls: z.array(z.strictObject({ url: z.url(), what: text, source: z.url(), also: z.url().optional() })),
	phones: z.array(z.strictObject({ number: text, what: text, source: z.url() }))
});

const STAFF_GROUP_CODES = ['can_bo', 'cong_chuc', 'vien_chuc'] as const;
const day = z.iso.date('a date written yyyy-mm-dd');
const unitCode = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'a unit code');

/**
 * An evaluation criterion (content/criteria/<year>-<slug>.yaml): who it applies to, in which
 * period, what counts as met and the target per unit. Reports compute each person's status from it.
 */
export const criterionSchema = z
	.strictObject({
		id: stableId,
		/** Shipped illustrations are marked, so nobody mistakes them for a province's decision. */
		example: z.boolean().default(false),
		title: localized,
		/** The legal or plan basis, per staff group or for residents, in the province's own words. */
		basis: z.array(z.strictObject({ group: z.enum([...STAFF_GROUP_CODES, 'residents']), text: localized })).min(1),
		appliesTo: z.discriminatedUnion('people', [
			z.strictObject({
				people: z.literal('civil_servants'),
				/** Agency codes; "all" for every agency of the province. */
				agencies: z.union([z.literal('all'), z.array(unitCode).min(1)]),
				staffGroups: z.array(z.enum(STAFF_GROUP_CODES)).min(1)
			}),
			z.strictObject({
				people: z.literal('residents'),
				/** Commune codes (GSO); "all" for every commune of the province. */
				communes: z.union([z.literal('all'), z.array(unitCode).min(1)]),
				ageFrom: z.int().min(0).max(120).optional(),
				ageTo: z.int().min(0).max(120).optional()
			})
		]),
		/** Inclusive days in Asia/Ho_Chi_Minh. */
		period: z.strictObject({ from: day, to: day }),
		deadline: day,
		met: z.strictObject({
			/** "all": every listed course; "any": at least `count` of them. */
			rule: z.enum(['all', 'any']),
			courses: z.array(stableId).min(1),
			count: z.int().min(1).optional(),
			minScore: z.number().min(0).max(100).optional(),
			minVersion: z.record(stableId, z.int().min(1)).optional()
		}),
		target: z.strictObject({
			percent: z.number().min(1).max(100),
			/** "counted": people registered on the platform; "entered": numbers the province imports per unit. */
			denominator: z.enum(['counted', 'entered'])
		}),
		points: z.number().min(0).max(100).optional()
	})
	.refine((c) => c.period.from <= c.period.to, { message: 'a period whose start is not after its end', path: ['period'] })
	.refine((c) => c.deadline >= c.period.from, { message: 'a deadline inside or after the period', path: ['deadline'] })
	.refine((c) => c.met.rule === 'all' || (c.met.count !== undefined && c.met.count <= c.met.courses.length), {
		message: 'with rule "any", a count between 1 and the number of courses',
		path: ['met', 'count']
	})
	.refine((c) => c.appliesTo.people !== 'residents' || c.appliesTo.ageFrom === undefined || c.appliesTo.ageTo === undefined || c.appliesTo.ageFrom <= c.appliesTo.ageTo, {
		message: 'an age range whose lower bound is not above its upper bound',
		path: ['appliesTo', 'ageTo']
	});
export type Criterion = z.infer<typeof criterionSchema>;
