/** "7KQ2M-9XR4T": a certificate code in two groups of five, easier to read out and type. */
export function formatCertificateCode(code: string): string {
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}
