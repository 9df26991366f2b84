import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { adminScope, adminViewer } from '$lib/server/admin/scope';
import { contentCatalog } from '$lib/server/content';
import type { Criterion } from '$lib/server/content/schema';
import { db } from '$lib/server/db';
import { MAX_TABLE_BYTES } from '$lib/server/org';
import { problemMessage } from '$lib/server/org/problems';
import { criterionUnitCount, enteredNumbers, importDenominators, unitKindOf } from '$lib/server/reports/denominators';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function scopeOf({ locals }: Pick<RequestEvent, 'locals'>) {
	const scope = adminScope(adminViewer(locals.user!, locals.requestId));
	if (!scope) error(403);
	return scope;
}

/** A criterion whose target counts against numbers the province enters; undefined for any other id. */
function enteredCriterion(id: string | null | undefined): Criterion | undefined {
	return contentCatalog().criteria.find((criterion) => criterion.id === id && criterion.target.denominator === 'entered');
}

export const load: PageServerLoad = (event) => {
	const scope = scopeOf(event);
	const language = getLocale();
	const criteria = contentCatalog().criteria.map((criterion) => ({
		id: criterion.id,
		title: criterion.title[language],
		entered: criterion.target.denominator === 'entered'
	}));
	const asked = event.url.searchParams.get('criterion');
	const chosenId = asked ?? criteria.find((criterion) => criterion.entered)?.id;
	const chosen = enteredCriterion(chosenId);
	const criterionError = asked !== null && !chosen ? m.targets_criterion_invalid() : null;
	if (!chosen) return { criteria, chosen: null, criterionError, numbers: [], unitCount: 0, maxMb: MAX_TABLE_BYTES / 1024 / 1024 };
	const numbers = enteredNumbers(db(), chosen, scope.provinceId).map((entry) => ({
		code: entry.code,
		name: entry.name,
		people: entry.people,
		updatedAt: entry.updatedAt.getTime(),
		updatedBy: entry.updatedBy
	}));
	return {
		criteria,
		chosen: { id: chosen.id, title: chosen.title[language], unitKind: unitKindOf(chosen) },
		criterionError,
		numbers,
		unitCount: criterionUnitCount(db(), chosen, scope.provinceId),
		maxMb: MAX_TABLE_BYTES / 1024 / 1024
	};
};

export const actions: Actions = {
	upload: async (event) => {
		const scope = scopeOf(event);
		const form = await event.request.formData().catch(() => new FormData());
		const criterionField = form.get('criterion');
		const criterion = enteredCriterion(typeof criterionField === 'string' ? criterionField : null);
		if (!criterion) return fail(400, { message: m.targets_criterion_invalid() });
		const file = form.get('file');
		if (!(file instanceof File) || (file.size === 0 && file.name === '')) {
			return fail(400, { criterion: criterion.id, fileError: m.targets_file_missing() });
		}
		const name = file.name || 'tệp';
		const result = await importDenominators(
			db(),
			{ name, bytes: new Uint8Array(await file.arrayBuffer()) },
			{ criterion, provinceId: scope.provinceId, actorId: scope.personId, requestId: scope.requestId }
		);
		if (!result.ok) {
			const language = getLocale();
			const problems = result.problems.map((problem) => ({
				line: problem.line ?? null,
				column: problem.column ?? null,
				message: problemMessage(problem, language)
			}));
			return fail(400, { criterion: criterion.id, file: name, problems });
		}
		return {
			criterion: criterion.id,
			file: name,
			done: { created: result.created, updated: result.updated, unchanged: result.unchanged, skipped: result.skipped }
		};
	}
};
