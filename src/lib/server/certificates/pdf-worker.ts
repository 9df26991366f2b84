/**
 * A worker thread that renders certificate PDFs for bulk downloads, so a large ZIP uses the
 * machine's other cores and the server keeps answering. Loaded from source with tsx (bulk.ts), so
 * it imports only relative modules.
 */
import { parentPort } from 'node:worker_threads';
import { type CertificatePrint, renderCertificatePdf } from './pdf';

parentPort?.on('message', async ({ index, print }: { index: number; print: CertificatePrint }) => {
	const pdf = await renderCertificatePdf(print);
	parentPort!.postMessage({ index, pdf }, [pdf.buffer as ArrayBuffer]);
});
