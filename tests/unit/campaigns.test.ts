import { describe, expect, it } from 'vitest';
import { learningNotices } from '../../src/lib/server/progress/notices';
import { vietnamDayEnd } from '../../src/lib/vietnam-day';

const course = (courseId: string, deadlineDay: string, completed = false) => ({ courseId, courseTitle: `Khóa ${courseId}`, deadlineAt: vietnamDayEnd(deadlineDay), completed });
// 2026-05-10 08:00 in Vietnam.
const now = new Date('2026-05-10T01:00:00Z');

describe('learningNotices', () => {
	it('counts days left in Vietnamese calendar days, not 24-hour spans from now', () => {
		const [notice] = learningNotices([course('a', '2026-05-11')], now);
		expect(notice).toMatchObject({ kind: 'due', courseId: 'a', daysLeft: 1 });
	});

	it('says the deadline day itself is not overdue until it ends in Vietnam', () => {
		const lastMinute = new Date('2026-05-10T16:59:00Z'); // 23:59 in Vietnam
		expect(learningNotices([course('a', '2026-05-10')], lastMinute)).toMatchObject([{ kind: 'due', daysLeft: 0 }]);
		const nextDay = new Date('2026-05-10T17:00:00Z'); // 00:00 the next day in Vietnam
		expect(learningNotices([course('a', '2026-05-10')], nextDay)).toMatchObject([{ kind: 'overdue' }]);
	});

	it('reminds within seven days and stays quiet for later deadlines', () => {
		const notices = learningNotices([course('in-7', '2026-05-17'), course('in-8', '2026-05-18')], now);
		expect(notices.map((n) => n.courseId)).toEqual(['in-7']);
	});

	it('says nothing about courses already completed, even overdue ones', () => {
		expect(learningNotices([course('done', '2026-05-01', true), course('soon', '2026-05-12', true)], now)).toEqual([]);
	});

	it('puts overdue courses first, then the nearest deadline', () => {
		const notices = learningNotices([course('soon', '2026-05-15'), course('sooner', '2026-05-12'), course('late', '2026-05-03'), course('later', '2026-04-20')], now);
		expect(notices.map((n) => [n.kind, n.courseId])).toEqual([
			['overdue', 'later'],
			['overdue', 'late'],
			['due', 'sooner'],
			['due', 'soon']
		]);
	});
});
