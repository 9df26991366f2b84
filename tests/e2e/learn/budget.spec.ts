import { createAccount, expect, signIn, test } from '../support';
import { SCAM_COURSE } from './courses';

// The heaviest lesson (text plus an eight-message practice), as a signed-in learner meets it on a
// first visit: every response except images, measured on the wire by the browser.
test('a signed-in learner’s lesson page sends under 100 KB on a cold load', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	await signIn(page, await createAccount({ role: 'learner', commune: '08515' }));
	const cold = await context.newPage();
	const cdp = await context.newCDPSession(cold);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	const types = new Map<string, string>();
	let total = 0;
	const counted: string[] = [];
	cdp.on('Network.responseReceived', (event) => types.set(event.requestId, `${event.type} ${event.response.url}`));
	cdp.on('Network.loadingFinished', (event) => {
		const what = types.get(event.requestId) ?? '';
		if (what.startsWith('Image ')) return;
		total += event.encodedDataLength;
		counted.push(`${event.encodedDataLength}\t${what}`);
	});
	await cold.goto(`/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}`, { waitUntil: 'networkidle' });
	await expect(cold.getByRole('heading', { level: 1 })).toHaveText(SCAM_COURSE.firstLessonTitle);
	console.log(`lesson page: ${total} bytes in ${counted.length} responses\n${counted.join('\n')}`);
	expect(counted.length).toBeGreaterThan(3);
	expect(total).toBeLessThan(100 * 1024);
	await context.close();
});
