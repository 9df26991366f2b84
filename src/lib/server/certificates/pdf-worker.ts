/**
 * A worker thread that renders certificate PDFs for bulk downloads, so a large ZIP uses the
 * machine's other cores and the server keeps answering. `npm run build` bundles it into
 * build/pdf-worker.js (scripts/bundle.ts), which bulk.ts starts.
 */
import { parentPort } from 'node:worker_threads';
import { type CertificatePrint, renderCertificatePdf } from './pdf';

parentPort?.on('message', async ({ index, print }: { index: number; print: CertificatePrint }) => {
	const pdf = await renderCertificatePdf(print);
	parentPort!.postMessage({ index, pdf }, [pdf.buffer as ArrayBuffer]);
});
