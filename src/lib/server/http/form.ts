/**
 * The text fields of a posted form, trimmed; a body that is not a form yields no fields, so
 * actions answer a garbled request with their usual "please fill in" messages instead of a 500.
 */
export async function formFields(request: Request): Promise<{ text: (name: string) => string; raw: (name: string) => string; checked: (name: string) => boolean; all: (name: string) => string[] }> {
	const form = await request.formData().catch(() => new FormData());
	const raw = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		raw,
		text: (name) => raw(name).normalize('NFC').trim(),
		checked: (name) => raw(name) === 'on',
		/** Every value sent under the name (ticked boxes), files left out. */
		all: (name) => form.getAll(name).filter((value) => typeof value === 'string')
	};
}
